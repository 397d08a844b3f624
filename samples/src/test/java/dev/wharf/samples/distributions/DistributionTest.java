package dev.wharf.samples.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.JdkClient;
import dev.wharf.samples.browser.Chromium;
import dev.wharf.samples.browser.SamplePages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The samples WAR on a stock servlet container distribution from Maven Central, installed exactly as
 * {@code docs/hosts/} says, started once as a child process on a free port, and used as a person would: a JDK client
 * and headless Chromium (whose handshakes carry no {@code Content-Length}) on the echo, chat and feed samples. The
 * distributions are unpacked under {@code target/distributions} by the build; each run installs into a fresh copy
 * under {@code target/distributions-run/<name>}, where the server's output stays as {@code server.log}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DistributionTest {

    static final Path DISTRIBUTIONS = Path.of(System.getProperty("wharf.distributions", "target/distributions"));
    static final Path WAR = Path.of(System.getProperty("wharf.samples.war", "target/wharf-samples.war"));
    static final Path RUNS = Path.of(System.getProperty("wharf.distributions.runs", "target/distributions-run"));
    static final String CONTEXT = "/wharf-samples/";

    private ServerProcess server;
    private Chromium chromium;
    private ChromeDriver[] drivers;
    private int port;
    private Path work;

    /** A short name for the run's directory and messages. */
    abstract String name();

    /** Installs the distribution and the samples WAR into {@code work} as the docs say and starts it on {@code port}. */
    abstract ServerProcess install(Path work, int port) throws Exception;

    @BeforeAll
    void start() throws Exception {
        work = RUNS.resolve(name()).toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        port = ServerProcess.freePort();
        server = install(work, port);
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
            // Failures that reach no client still land in the server's log (an exception on a container thread).
            String output = server.output();
            assertFalse(output.contains("NullPointerException"), "see " + work.resolve("server.log"));
            assertFalse(output.contains("NoSuchMethodError"), "see " + work.resolve("server.log"));
        }
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + CONTEXT + path);
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + CONTEXT + path);
    }

    String serverOutput() {
        return server.output();
    }

    @Test
    @DisplayName("a JDK client's text comes back from /echo")
    void jdkClientEchoes() throws Exception {
        try (JdkClient client = JdkClient.connect(ws("echo"))) {
            client.sendText("hello " + name());
            assertEquals("hello " + name(), client.nextText());
        }
    }

    @Test
    @DisplayName("the feed keeps ticking for a JDK client: asynchronous sends with a SendHandler complete")
    void feedTicksForAJdkClient() throws Exception {
        try (JdkClient client = JdkClient.connect(ws("feed"))) {
            for (int i = 0; i < 3; i++) {
                String tick = client.nextTextMatching(t -> t.startsWith("tick="));
                assertTrue(tick.contains("subscribers="), tick);
            }
        }
    }

    @Test
    @DisplayName("Chromium (no Content-Length on its handshake) round-trips text and binary on the echo page")
    void browserEchoPage() throws Exception {
        SamplePages.echoRoundTrip(browsers()[0], http(""));
    }

    @Test
    @DisplayName("two Chromium browsers chat in one room")
    void chatBetweenTwoBrowsers() throws Exception {
        ChromeDriver[] both = browsers();
        SamplePages.chatBetweenTwoBrowsers(both[0], both[1], http(""), work, "chat.png");
    }

    @Test
    @DisplayName("the feed page ticks in Chromium")
    void browserFeedTicks() throws Exception {
        SamplePages.feedTicks(browsers()[1], http(""), 3);
    }

    /** Two browsers for all browser checks of this server, started on first use (a start costs seconds). */
    private ChromeDriver[] browsers() throws IOException {
        Chromium.requireInstalled();
        if (chromium == null) {
            chromium = new Chromium();
            drivers = new ChromeDriver[] {chromium.open(), chromium.open()};
        }
        return drivers;
    }

    @Test
    @DisplayName("start-up logs no complaint about Wharf's own classes, no missing 2.2 API method, no missing initializer")
    void startUpLogIsClean() {
        String output = serverOutput();
        assertFalse(output.contains("dev.wharf.endpoint.AnnotatedEndpoint"), output);
        assertFalse(output.contains("NoSuchMethodError"), output);
        assertFalse(output.contains("Wharf: no WebSocket endpoint is deployed"), output);
    }

    /** Copies a whole directory tree (a distribution, so that the docs' steps may change it). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
