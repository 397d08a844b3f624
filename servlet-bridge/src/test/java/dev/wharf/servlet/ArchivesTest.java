package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Archives: which archive a scanned class came from [WSC-6.2-4]")
class ArchivesTest {

    @TempDir
    static Path root;

    static ArchiveFixture war;

    @BeforeAll
    static void build() throws Exception {
        war = ArchiveFixture.build(root);
    }

    @Test
    @DisplayName("classes of WEB-INF/classes and of each WEB-INF/lib JAR are grouped by archive")
    void groupsByArchive() throws Exception {
        Map<Class<?>, String> archives = Archives.of(war.scan());

        String classes = Archives.normalise(war.classesDir.toUri().toURL().toExternalForm());
        String one = Archives.normalise(war.oneJar.toUri().toURL().toExternalForm());
        String plain = Archives.normalise(war.plainJar.toUri().toURL().toExternalForm());
        assertEquals(3, Set.of(classes, one, plain).size());
        assertEquals(classes, archives.get(war.load("web.WebConfig")));
        assertEquals(classes, archives.get(war.load("web.WebEcho")));
        assertEquals(one, archives.get(war.load("one.OneConfig")));
        assertEquals(one, archives.get(war.load("one.OneEcho")));
        assertEquals(one, archives.get(war.load("one.OneGreeter")));
        assertEquals(plain, archives.get(war.load("plain.PlainEcho")));
        assertEquals(plain, archives.get(war.load("plain.ClaimedEcho")));
    }

    @Test
    @DisplayName("a class without a code source location puts every class in one archive")
    void unknownLocationMeansOneArchive() {
        Class<?> fromJar = war.load("one.OneEcho");
        // Classes of the boot layer have no code source.
        Map<Class<?>, String> archives = Archives.of(List.of(fromJar, String.class));

        assertEquals(Archives.WHOLE_APPLICATION, archives.get(fromJar));
        assertEquals(Archives.WHOLE_APPLICATION, archives.get(String.class));
    }

    @Test
    @DisplayName("a JAR is one archive whether named file:…a.jar or jar:file:…a.jar!/; a directory with or without /")
    void normalisesSpellings() {
        assertEquals("file:/w/WEB-INF/lib/a.jar", Archives.normalise("jar:file:/w/WEB-INF/lib/a.jar!/"));
        assertEquals("file:/w/WEB-INF/lib/a.jar", Archives.normalise("file:/w/WEB-INF/lib/a.jar"));
        assertEquals("file:/w/WEB-INF/classes", Archives.normalise("file:/w/WEB-INF/classes/"));
        assertEquals("file:/w/WEB-INF/classes", Archives.normalise("file:/w/WEB-INF/classes"));
    }

    @Test
    @DisplayName("JARs nested in one file stay apart")
    void nestedJarsStayApart() {
        assertNotEquals(Archives.normalise("jar:nested:/app.jar/!BOOT-INF/lib/a.jar!/"),
                Archives.normalise("jar:nested:/app.jar/!BOOT-INF/lib/b.jar!/"));
        assertNotEquals(Archives.normalise("jar:file:/app.war!/WEB-INF/lib/a.jar!/"),
                Archives.normalise("jar:file:/app.war!/WEB-INF/lib/b.jar!/"));
    }
}
