package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.endpoints.AttachEndpoint;
import dev.wharf.servlet.e2e.endpoints.PlainEchoEndpoint;
import dev.wharf.servlet.e2e.endpoints.RoomsApiEndpoint;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/**
 * Issue #16: heap per idle session does not grow for sessions that use no room, attachment or auto-response, while
 * other sessions of the same container use all of them. Measured with the live-object class histogram (what
 * {@code jmap -histo:live} prints: exact instance counts and bytes per class after a full collection), as the
 * difference between before and after {@value #IDLE} idle sessions opened, divided by their number; so objects that
 * other threads allocate meanwhile do not count unless they stay alive, and then only divided by {@value #IDLE}.
 */
@DisplayName("idle sessions' heap with the rooms API in use by others (issue #16)")
class IdleSessionHeapTest extends HostedTest {

    private static final int IDLE = 300;
    private static final String SESSION_CLASS = "dev.wharf.session.WebSocketSession";
    /** This suite's own client classes, in the same heap: not the server's. */
    private static final String TEST_CLIENT = "dev.wharf.servlet.e2e.";
    private static final int ROOM_MEMBERS = 10;
    /**
     * Bytes of Wharf's own objects (classes of {@code dev.wharf}) per idle session that echoed one message, by host,
     * as measured by this test on 2026-12-06 (JDK 17, compressed references). The rooms API adds none of them: the same
     * measure without the rooms API's sessions gives 1,410-1,440 bytes at {@code 7f85947^1} (the commit before the
     * rooms merge) and the same at the rooms merge {@code 7f85947}; the growth since comes from other per-session parts
     * merged later (ping round-trip clock, send budget account, session end and deadlines, delivery timing, the
     * message encoder), less what the idle-memory work of issue #20 took off (136 bytes on every host, merged
     * 2026-12-06 evening). Re-measured 2026-12-07 (session 11): +32 bytes on every host for a whole message's byte
     * store ({@code engine.MessageBytes}, 48, while the assembler lost 16), +8 for the gathering array a session's next
     * write reuses ({@code InFlightFrames}), +16 on Tomcat's native host for its direct-write channel and read-rule
     * fields. Session 13: Undertow's native transport (its transport, output and upgrade listener, 80 bytes, where the
     * servlet path keeps 152 of its own), the servlet path measured as {@code undertow-servlet}. See
     * docs/BENCHMARKS.md, "Heap per idle session, now a test".
     */
    static final Map<String, Long> WHARF_BYTES = Map.of(
            "jetty", 1_657L, "tomcat", 1_737L, "tomcat-servlet", 1_761L, "undertow", 1_697L,
            "undertow-servlet", 1_753L);
    /**
     * Half a map entry's worth: per-session state of the rooms API (a map entry, a set, a close action per session:
     * 32 bytes or more each, beside the objects of the rooms package, which must not grow at all) shows above it; the
     * noise of the measure (about ±20 bytes) does not.
     */
    static final long MARGIN = 64;

    @Override
    protected WebApp app() {
        return WebApp.at(E2eApp.CONTEXT_PATH)
                .initializer(E2eApp.initializer(),
                        Set.of(RoomsApiEndpoint.class, AttachEndpoint.class, PlainEchoEndpoint.class))
                .build();
    }

    @HostTest
    @DisplayName("idle sessions beside room members, auto-responders, keep-alives and attachments add no rooms state")
    void idleSessionsCarryNoRoomsState(Host host) throws Exception {
        List<RawWebSocket> users = new ArrayList<>();
        List<RawWebSocket> idle = new ArrayList<>();
        try {
            // Other sessions of the same container use everything the rooms API keeps per session.
            String room = "heap-" + host.name();
            for (int i = 0; i < ROOM_MEMBERS; i++) {
                users.add(RawWebSocket.connect(host.wsUri("/rooms-api/" + room + "?auto&ping=60000")));
            }
            RawWebSocket sender = users.get(0);
            awaitMembers(sender, ROOM_MEMBERS);
            sender.sendText("say:hello");
            assertEquals("said", sender.readFrame().text());
            for (RawWebSocket member : users.subList(1, users.size())) {
                assertEquals("hello", member.readFrame().text());
            }
            sender.sendText("heartbeat");
            assertEquals("alive", sender.readFrame().text(), "the auto-response is in place");
            RawWebSocket attached = RawWebSocket.connect(host.wsUri("/attach"));
            users.add(attached);
            attached.sendText("put:state");
            assertTrue(attached.readFrame().text().startsWith("id:"));

            Map<String, long[]> before = settled();
            for (int i = 0; i < IDLE; i++) {
                RawWebSocket ws = RawWebSocket.connect(host.wsUri("/plain-echo"));
                idle.add(ws);
                ws.sendText("x"); // a session that has read and written once, then idles
            }
            for (RawWebSocket ws : idle) {
                assertEquals("x", ws.readFrame().text());
            }
            Map<String, long[]> after = LiveHistogram.take();

            Map<String, long[]> perSession = LiveHistogram.growth(before, after);
            long wharf = bytesPerSession(perSession, "dev.wharf.") - bytesPerSession(perSession, TEST_CLIENT);
            long all = bytesPerSession(perSession, "");
            String rooms = perSession.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("dev.wharf.rooms.") && e.getValue()[0] * 10 >= IDLE)
                    .map(e -> e.getKey() + " x" + e.getValue()[0]).collect(Collectors.joining(", "));
            System.out.printf("idle-heap[%s]: per idle session %d bytes of Wharf's objects, %d in all (client"
                    + " included); Wharf's classes: %s%n", host.name(), wharf, all, LiveHistogram.top(perSession,
                    "dev.wharf.", IDLE));
            assertEquals("", rooms, "objects of the rooms package grew with sessions that do not use it");
            long documented = WHARF_BYTES.getOrDefault(host.name(), WHARF_BYTES.values().stream()
                    .max(Long::compare).orElseThrow());
            assertTrue(wharf <= documented + MARGIN, wharf + " bytes of Wharf's objects per idle session on "
                    + host.name() + "; documented: " + documented);
        } finally {
            for (RawWebSocket ws : idle) {
                ws.close();
            }
            for (RawWebSocket ws : users) {
                ws.close();
            }
        }
        settled(); // the next host's measure starts without these sessions ending under it
    }

    /**
     * The live histogram once the number of live sessions has stopped changing for three full collections in a row
     * (sessions of earlier tests, or hosts, that were closing have ended); at most 30 s. Each histogram is a full
     * collection, which paces the loop.
     */
    private static Map<String, long[]> settled() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        Map<String, long[]> last = LiveHistogram.take();
        int unchanged = 0;
        while (unchanged < 2 && System.nanoTime() < deadline) {
            Map<String, long[]> next = LiveHistogram.take();
            unchanged = sessions(next) == sessions(last) ? unchanged + 1 : 0;
            last = next;
        }
        return last;
    }

    private static long sessions(Map<String, long[]> histogram) {
        return histogram.getOrDefault(SESSION_CLASS, new long[1])[0];
    }

    /** Asks the room's size until it is {@code expected}: a member joins on the server's side of its handshake. */
    private static void awaitMembers(RawWebSocket member, int expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String prefix = "members=" + expected + " ";
        String count;
        do {
            member.sendText("count");
            count = member.readFrame().text();
        } while (!count.startsWith(prefix) && System.nanoTime() < deadline);
        assertTrue(count.startsWith(prefix), count);
    }

    /** Bytes per idle session of the classes whose name starts with {@code prefix}, rounded. */
    private static long bytesPerSession(Map<String, long[]> growth, String prefix) {
        long bytes = 0;
        for (Map.Entry<String, long[]> e : growth.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                bytes += e.getValue()[1];
            }
        }
        return Math.round((double) bytes / IDLE);
    }
}
