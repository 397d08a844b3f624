package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.ArchiveFixture;
import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 6.2 end to end, with the application's classes in three archives: {@code WEB-INF/classes} and two
 * {@code WEB-INF/lib} JARs compiled at test time (see {@link ArchiveFixture}), loaded by one class loader as a web
 * application's are, and handed to the initializer as the host's {@code @HandlesTypes} scan would.
 */
@DisplayName("ServerApplicationConfig per archive [WSC-6.2-4, WSC-6.2-5]")
class ArchiveScanSpecTest extends SpecHostedTest {

    @TempDir
    static Path root;

    /** Built once, shared by every host: each config records one call per host. */
    private static ArchiveFixture war;

    @Override
    protected WebApp app() {
        if (war == null) {
            ArchiveFixture.HANDED.clear();
            try {
                war = ArchiveFixture.build(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return WebApp.at("/app").initializer(new WharfInitializer(), war.scan()).build();
    }

    @OnHosts
    @DisplayName("[WSC-6.2-4] each config is handed the scan of its own archive (WEB-INF/classes, one JAR)")
    void eachConfigGetsItsArchive(Host host) {
        int hosts = hosts().size();
        assertEquals(List.of("[WebEcho]"), repeated("WebConfig annotated", hosts));
        assertEquals(List.of("[]"), repeated("WebConfig programmatic", hosts));
        assertEquals(List.of("[OneEcho]"), repeated("OneConfig annotated", hosts));
        assertEquals(List.of("[OneGreeter]"), repeated("OneConfig programmatic", hosts));
    }

    /** The one value recorded once per host under {@code key}, as a list to compare. */
    private static List<String> repeated(String key, int hosts) {
        List<String> values = ArchiveFixture.HANDED.get(key);
        assertEquals(hosts, values.size(), key + ": " + values);
        return values.stream().distinct().toList();
    }

    @OnHosts
    @DisplayName("[WSC-6.2-5] the union of what the configs return is deployed; an archive without a config is not")
    void unionIsDeployed(Host host) throws Exception {
        for (String path : List.of("/web", "/one", "/one-greeter", "/claimed")) {
            try (Ws ws = Ws.connect(host.wsUri(path))) {
                assertEquals(path + " hi", ws.ask("hi"), path);
            }
        }
        assertEquals(404, RawHandshake.to(host.wsUri("/plain")).send().status());
    }
}
