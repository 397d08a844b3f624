package dev.wharf.tck.spec.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.tck.spec.client.SpecClient;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 3.1.1 (URI template matching), deployed as a WAR through Arquillian like the official TCK. */
@ExtendWith(ArquillianExtension.class)
class PathMatchingTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "spec-paths.war")
                .addClasses(PathEndpoints.class, PathEndpoints.Exact.class, PathEndpoints.RightVariable.class,
                        PathEndpoints.LeftVariable.class);
    }

    @ArquillianResource
    URL base;

    private String greeting(String path) throws Exception {
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath().replaceAll("/$", "")
                + path);
        try (SpecClient.Connection c = SpecClient.get().connect(uri)) {
            return c.receiveText();
        }
    }

    @Test
    @DisplayName("[WSC-3.1.1] an exact match beats every template")
    void exactWins() throws Exception {
        assertEquals("/a/b", greeting("/a/b"));
    }

    @Test
    @DisplayName("[WSC-3.1.1] a template matches its variable segment and binds @PathParam")
    void templateBindsVariable() throws Exception {
        assertEquals("/a/{var} var=c", greeting("/a/c"));
        assertEquals("/{var}/b var=c", greeting("/c/b"));
    }

    @Test
    @DisplayName("[WSC-3.1.1] a path that no template matches is refused")
    void noMatchIsRefused() {
        assertThrows(Exception.class, () -> greeting("/a/b/c"));
    }
}
