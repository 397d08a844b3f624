package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.endpoints.RoomsApiEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #19 with rooms: 200 members of a broadcast room that never read, a sender flooding the room, a server process
 * with a 256 MiB heap. The process survives, the slow members are closed with a reason, the others receive everything.
 */
@Tag("e2e")
@DisplayName("a flooded room with 200 members that do not read, at -Xmx256m")
class FloodedRoomTest {

    private static final int SLOW = Integer.getInteger("wharf.flood.slow", 200);
    private static final int READERS = 8;
    private static final int MESSAGES = 320;
    private static final int SIZE = 16 * 1024; // 5 MiB per member: past a non-reading peer's kernel buffers

    /**
     * Jetty by default (a forked server and 200 slow peers take ~30 s on two cores);
     * {@code -Dwharf.flood.hosts=jetty,tomcat,undertow} for every host.
     */
    static Stream<String> hosts() {
        java.util.List<String> wanted = java.util.Arrays.asList(System.getProperty("wharf.flood.hosts", "jetty")
                .split(","));
        return E2eApp.hosts().stream().map(h -> h.name()).filter(wanted::contains);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("issue #19: the process survives, slow members are closed with a reason, the others keep receiving")
    void survivesFloodedRoom(String host, @TempDir Path dir) throws Exception {
        String room = "/rooms-api/flood";
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        List<RawWebSocket> readers = new ArrayList<>();
        try (ForkedServer server = ForkedServer.start(host, dir, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
             RawWebSocket sender = RawWebSocket.connect(server.wsUri(room));
             SlowPeers slow = SlowPeers.open(server.wsUri(room), SLOW)) {
            for (int i = 0; i < READERS; i++) {
                readers.add(RawWebSocket.connect(server.wsUri(room)));
            }
            // A reader on a loaded 2-core machine lagged by 1 MiB on Tomcat: 4 MiB per member, and the container's
            // budget (a quarter of the heap, 64 MiB) closes the biggest holders first once all of them pass it.
            sender.sendText("limit:" + (4 * 1024 * 1024));
            assertEquals("limit", sender.readFrame().text());
            awaitMembers(sender, 1 + SLOW + READERS);
            long start = System.nanoTime();
            List<Future<?>> received = new ArrayList<>();
            for (RawWebSocket r : readers) {
                received.add(pool.submit(() -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        RawWebSocket.Frame f = r.readFrame();
                        int n = i;
                        assertEquals(RawWebSocket.TEXT, f.opcode(), () -> "message " + n + ": " + f + " "
                                + (f.opcode() == RawWebSocket.CLOSE ? f.closeReason() : ""));
                        assertArrayEquals(RoomsApiEndpoint.message(i, SIZE).getBytes(StandardCharsets.UTF_8),
                                f.payload(), "message " + i);
                    }
                    return null;
                }));
            }
            sender.readTimeout(60_000);
            sender.sendText("flood:" + MESSAGES + ":" + SIZE);
            assertEquals("flooded", sender.readFrame().text());
            for (Future<?> f : received) {
                f.get(60, TimeUnit.SECONDS);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Matcher after = awaitMembers(sender, 1 + READERS);
            sender.sendText("closes");
            Map<String, Integer> closes = closes(sender.readFrame().text());
            int closedWithReason = closes.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("room member not reading") // over the member's bound
                            || e.getKey().startsWith("server send budget") // over the container's
                            || e.getKey().startsWith("peer took no data")) // stalled for the send timeout
                    .mapToInt(Map.Entry::getValue).sum();
            System.out.printf("flooded-room[%s]: %d readers got %d x %d bytes in %d ms; slow members closed: %s;"
                    + " rooms counted %s%n", host, READERS, MESSAGES, SIZE, ms, closes, after.group(2));
            assertEquals(SLOW, closedWithReason, "slow members closed with a reason: " + closes);
            assertTrue(server.isAlive(), "the server process survived");
            assertFalse(server.log().contains("OutOfMemoryError"), server.log());
            try (RawWebSocket fresh = RawWebSocket.connect(server.wsUri("/rooms-api/after"))) {
                fresh.sendText("hello");
                assertEquals("echo:hello", fresh.readFrame().text());
            }
        } finally {
            pool.shutdownNow();
            for (RawWebSocket r : readers) {
                r.close();
            }
        }
    }

    private static final Pattern COUNT = Pattern.compile("members=(\\d+) slow=(\\d+) seen=(\\d+)");

    private static Matcher awaitMembers(RawWebSocket sender, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            sender.sendText("count");
            Matcher m = COUNT.matcher(sender.readFrame().text());
            assertTrue(m.matches());
            if (Integer.parseInt(m.group(1)) == expected) {
                return m;
            }
            assertTrue(System.nanoTime() < deadline, "room has " + m.group(1) + " members, not " + expected);
        }
    }

    private static Map<String, Integer> closes(String text) {
        Map<String, Integer> closes = new HashMap<>();
        String[] parts = text.split("\\|");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].lastIndexOf('=');
            closes.put(parts[i].substring(0, eq), Integer.parseInt(parts[i].substring(eq + 1)));
        }
        return closes;
    }
}
