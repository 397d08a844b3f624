package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Durable attachments (issue #16) across a killed server process, on every host. */
@Tag("e2e")
@DisplayName("durable attachments")
class DurableAttachmentsTest {

    static Stream<String> hosts() {
        return E2eApp.hosts().stream().map(h -> h.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("an attachment survives a killed JVM and is adopted after restart; a corrupt file is skipped with a log line")
    void survivesKillAndIsAdopted(String host, @TempDir Path dir) throws Exception {
        String id;
        try (ForkedServer first = ForkedServer.start(host, dir)) {
            try (RawWebSocket ws = RawWebSocket.connect(first.wsUri("/attach"))) {
                ws.sendText("put:cart=3 apples");
                ws.sendText("put:cart=4 apples, 1 pear");
                id = ws.readFrame().text().substring(3);
                assertEquals("id:" + id, ws.readFrame().text(), "one id per session");
                first.kill(); // SIGKILL while the session is open: nothing runs on the way out
            }
        }
        // Damage of the kinds a crash or a stray copy leaves: a truncated file, a foreign one.
        byte[] good = Files.readAllBytes(dir.resolve(id + ".attachment"));
        Files.write(dir.resolve("truncated.attachment"), java.util.Arrays.copyOf(good, good.length - 3));
        Files.write(dir.resolve("foreign.attachment"), "not an attachment".getBytes(StandardCharsets.UTF_8));
        try (ForkedServer second = ForkedServer.start(host, dir)) {
            try (RawWebSocket ws = RawWebSocket.connect(second.wsUri("/attach"))) {
                ws.sendText("persisted");
                assertEquals("persisted:" + id, ws.readFrame().text());
            }
            try (RawWebSocket ws = RawWebSocket.connect(second.wsUri("/attach?resume=" + id))) {
                assertEquals("adopted:cart=4 apples, 1 pear", ws.readFrame().text());
                ws.sendText("persisted");
                assertEquals("persisted:", ws.readFrame().text(), "the adopted one is no orphan any more");
                ws.sendClose(1000, "");
                assertEquals(RawWebSocket.CLOSE, ws.readUntilClose().opcode());
            }
            awaitGone(dir.resolve(id + ".attachment")); // a clean close removes it
            String log = second.log();
            assertTrue(log.contains("truncated.attachment skipped"), log);
            assertTrue(log.contains("foreign.attachment skipped"), log);
            assertTrue(second.isAlive());
        }
    }

    private static void awaitGone(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, file + " still there 10 s after a clean close");
            Thread.sleep(20); // polling a file system: there is nothing to wait on
        }
    }
}
