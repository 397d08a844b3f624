package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.server.WharfServerContainer;
import dev.wharf.session.ContainerDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec 6.2 with a WAR of three archives built from real JARs (see {@link ArchiveFixture}). */
@DisplayName("EndpointScan: each ServerApplicationConfig gets its own archive's scan [WSC-6.2-3 to WSC-6.2-5]")
class EndpointScanArchivesTest {

    @TempDir
    static Path root;

    static ArchiveFixture war;

    private final WharfServerContainer container = new WharfServerContainer(new ContainerDefaults(), 2);
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger scanLogger = Logger.getLogger(EndpointScan.class.getName());
    private Level levelBefore;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void build() throws Exception {
        war = ArchiveFixture.build(root);
    }

    @BeforeEach
    void listen() {
        ArchiveFixture.HANDED.clear();
        // The test logging configuration shows warnings only.
        levelBefore = scanLogger.getLevel();
        scanLogger.setLevel(Level.INFO);
        scanLogger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        scanLogger.removeHandler(capture);
        scanLogger.setLevel(levelBefore);
        container.shutdown(0);
    }

    @Test
    @DisplayName("[WSC-6.2-4] each config is handed the endpoints of its own archive only")
    void eachConfigGetsItsArchive() throws Exception {
        new EndpointScan(war.scan()).deployTo(container);

        assertEquals(List.of("[WebEcho]"), ArchiveFixture.HANDED.get("WebConfig annotated"));
        assertEquals(List.of("[]"), ArchiveFixture.HANDED.get("WebConfig programmatic"));
        assertEquals(List.of("[OneEcho]"), ArchiveFixture.HANDED.get("OneConfig annotated"));
        assertEquals(List.of("[OneGreeter]"), ArchiveFixture.HANDED.get("OneConfig programmatic"));
    }

    @Test
    @DisplayName("[WSC-6.2-5] the union of what the configs return is deployed, from any archive, and nothing else")
    void unionIsDeployed() throws Exception {
        new EndpointScan(war.scan()).deployTo(container);

        for (String path : List.of("/web", "/one", "/one-greeter", "/claimed")) {
            assertNotNull(container.match(path), path);
        }
        assertNull(container.match("/plain"), "an archive without a config: not returned, not deployed");
        assertNull(container.match("/web-greeter"));
    }

    @Test
    @DisplayName("endpoints left out because their archive has no config are named in one INFO line")
    void unclaimedEndpointsAreLogged() throws Exception {
        new EndpointScan(war.scan()).deployTo(container);

        List<String> info = logged.stream().filter(r -> r.getLevel() == Level.INFO)
                .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters())).toList();
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).contains("plain.PlainEcho"), info.get(0));
        assertTrue(!info.get(0).contains("ClaimedEcho") && !info.get(0).contains("one."), info.get(0));
    }

    @Test
    @DisplayName("Wharf's own AnnotatedEndpoint, found by the container's Endpoint scan, is no application endpoint")
    void wharfsOwnAdapterIsIgnored() throws Exception {
        Set<Class<?>> scan = new LinkedHashSet<>(war.scan());
        scan.add(AnnotatedEndpoint.class); // what every container hands over: it is in wharf-api-impl's JAR
        new EndpointScan(scan).deployTo(container);

        List<String> info = logged.stream().filter(r -> r.getLevel() == Level.INFO)
                .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters())).toList();
        assertEquals(1, info.size(), info.toString());
        assertTrue(!info.get(0).contains("AnnotatedEndpoint"), info.get(0));
        assertEquals(List.of("[OneGreeter]"), ArchiveFixture.HANDED.get("OneConfig programmatic"));
    }

    @Test
    @DisplayName("[WSC-6.2-3] without a config, every annotated endpoint of every archive is deployed")
    void withoutConfigEverythingAnnotated() throws Exception {
        Set<Class<?>> endpoints = new LinkedHashSet<>(war.scan());
        endpoints.removeIf(c -> c.getSimpleName().endsWith("Config"));
        new EndpointScan(endpoints).deployTo(container);

        for (String path : List.of("/web", "/one", "/plain", "/claimed")) {
            assertNotNull(container.match(path), path);
        }
        assertNull(container.match("/one-greeter"), "a programmatic endpoint needs a config");
    }

    @Test
    @DisplayName("when a class's archive is unknown, every config is handed the whole scan")
    void unknownArchiveFallsBackToWholeScan() throws Exception {
        ClassLoader noLocation = new NoLocationLoader(war.loader);
        Set<Class<?>> scan = new LinkedHashSet<>();
        for (Class<?> c : war.scan()) {
            scan.add(Class.forName(c.getName(), false, noLocation));
        }
        new EndpointScan(scan).deployTo(container);

        for (String config : List.of("WebConfig", "OneConfig")) {
            assertEquals(List.of("[ClaimedEcho, OneEcho, PlainEcho, WebEcho]"),
                    ArchiveFixture.HANDED.get(config + " annotated"), config);
            assertEquals(List.of("[OneGreeter]"), ArchiveFixture.HANDED.get(config + " programmatic"), config);
        }
        assertNotNull(container.match("/plain"));
    }

    /** Defines the fixture's classes with the default protection domain, whose code source has no location. */
    private static final class NoLocationLoader extends ClassLoader {
        private final ClassLoader bytes;

        NoLocationLoader(ClassLoader bytes) {
            super(ArchiveFixture.class.getClassLoader());
            this.bytes = bytes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try (InputStream in = bytes.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = in.readAllBytes();
                return defineClass(name, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
