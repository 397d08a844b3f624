package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.endpoints.RecordingBroker;
import dev.wharf.servlet.e2e.endpoints.Reports;
import dev.wharf.servlet.e2e.endpoints.RoomsApiEndpoint;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;

/** Wharf's rooms API (issue #16) end to end on every host: broadcast, slow members, auto-responses, keep-alive. */
@DisplayName("rooms, encode-once broadcast, auto-responses, keep-alive")
class RoomsTest extends HostedTest {

    private static final int MEMBERS = Integer.getInteger("wharf.rooms.members", 1_000);
    private static final Pattern COUNT = Pattern.compile("members=(\\d+) slow=(\\d+) seen=(\\d+)");

    @Override
    protected WebApp app() {
        return WebApp.at(E2eApp.CONTEXT_PATH)
                .initializer(E2eApp.initializer(), Set.of(RoomsApiEndpoint.class))
                .initParam("dev.wharf.closeTimeout", "2000")
                .build();
    }

    @HostTest
    @DisplayName("a broadcast to 1,000 members arrives byte-exact and in order at each (sender excluded)")
    void broadcastToAThousand(Host host) throws Exception {
        String room = "big-" + host.name();
        int count = 12;
        List<RawWebSocket> members = new ArrayList<>();
        try (RawWebSocket sender = RawWebSocket.connect(host.wsUri("/rooms-api/" + room))) {
            for (int i = 0; i < MEMBERS; i++) {
                members.add(RawWebSocket.connect(host.wsUri("/rooms-api/" + room)));
            }
            awaitMembers(sender, MEMBERS + 1);
            // Sizes cross the 7-bit and 16-bit length forms (RFC 6455 §5.2).
            sender.sendText("flood:" + count + ":300");
            sender.sendText("flood:1:2000");
            assertEquals("flooded", sender.readFrame().text());
            assertEquals("flooded", sender.readFrame().text());
            for (RawWebSocket member : members) {
                for (int i = 0; i < count; i++) {
                    assertFrame(member.readFrame(), RoomsApiEndpoint.message(i, 300));
                }
                assertFrame(member.readFrame(), RoomsApiEndpoint.message(0, 2000));
            }
        } finally {
            for (RawWebSocket m : members) {
                m.close();
            }
        }
    }

    @HostTest
    @DisplayName("deflate members receive a broadcast compressed once per setting, byte-exact and in order")
    void deflateMembersShareOneCompression(Host host) throws Exception {
        String room = "deflate-" + host.name();
        int count = 12;
        // server_no_context_takeover (RFC 7692 §7.1.1.1) with two window sizes: each group shares one compression;
        // plain "permessage-deflate" keeps context, so those members are compressed one by one.
        String[] offers = {
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
            "permessage-deflate"};
        org.eclipse.jetty.websocket.client.WebSocketClient client = new org.eclipse.jetty.websocket.client.WebSocketClient();
        client.start();
        List<org.eclipse.jetty.websocket.api.Session> sessions = new ArrayList<>();
        List<Inbox> inboxes = new ArrayList<>();
        try (RawWebSocket sender = RawWebSocket.connect(host.wsUri("/rooms-api/" + room))) {
            for (int i = 0; i < 18; i++) {
                Inbox inbox = new Inbox();
                org.eclipse.jetty.websocket.client.ClientUpgradeRequest request =
                        new org.eclipse.jetty.websocket.client.ClientUpgradeRequest();
                request.addExtensions(offers[i % offers.length]);
                org.eclipse.jetty.websocket.api.Session session = client.connect(inbox,
                        host.wsUri("/rooms-api/" + room), request).get(10, TimeUnit.SECONDS);
                assertEquals("permessage-deflate", session.getUpgradeResponse().getExtensions().get(0).getName());
                sessions.add(session);
                inboxes.add(inbox);
            }
            awaitMembers(sender, inboxes.size() + 1);
            sender.sendText("flood:" + count + ":300");
            sender.sendText("flood:1:9000"); // past the 10-bit window: the window setting shapes the output
            assertEquals("flooded", sender.readFrame().text());
            assertEquals("flooded", sender.readFrame().text());
            for (Inbox inbox : inboxes) {
                for (int i = 0; i < count; i++) {
                    assertEquals(RoomsApiEndpoint.message(i, 300), inbox.next());
                }
                assertEquals(RoomsApiEndpoint.message(0, 9000), inbox.next());
            }
        } finally {
            for (org.eclipse.jetty.websocket.api.Session s : sessions) {
                s.close();
            }
            client.stop();
        }
    }

    /** A Jetty client member's received texts (Jetty binds listener methods through a public lookup). */
    public static final class Inbox implements org.eclipse.jetty.websocket.api.Session.Listener.AutoDemanding {
        private final java.util.concurrent.BlockingQueue<Object> received =
                new java.util.concurrent.LinkedBlockingQueue<>();

        Object next() throws InterruptedException {
            Object m = received.poll(20, TimeUnit.SECONDS);
            if (m instanceof Throwable t) {
                throw new AssertionError("connection failed", t);
            }
            assertTrue(m != null, "no message within 20 s");
            return m;
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            received.add(cause);
        }
    }

    private static void assertFrame(RawWebSocket.Frame frame, String expected) {
        assertEquals(RawWebSocket.TEXT, frame.opcode());
        assertTrue(frame.fin(), "one frame per message");
        assertEquals(0, frame.rsv());
        assertArrayEquals(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8), frame.payload());
    }

    @HostTest
    @DisplayName("a member that stops reading is closed with 1008 and dropped; the others receive every message")
    void slowMemberClosedOthersKeepReceiving(Host host) throws Exception {
        String room = "slow-" + host.name();
        int readers = 8;
        // 8 MiB per member: more than a peer that does not read can hold (its 4 KiB receive buffer, our socket's
        // send buffer of at most 4 MiB, net.ipv4.tcp_wmem) plus the 1 MiB queue bound below. It goes out in rounds of
        // half the bound, and the readers read each round whole before the next is sent: a reading member is never
        // more than half the bound behind, however long the loaded machine leaves this thread unscheduled (members
        // read on threads of a pool while the whole 8 MiB poured in were taken for slow ones, at load 12-15 and 5-8).
        int messages = 1024;
        int size = 8 * 1024;
        int round = 64;
        String report = Reports.newKey();
        List<RawWebSocket> reading = new ArrayList<>();
        try (RawWebSocket sender = RawWebSocket.connect(host.wsUri("/rooms-api/" + room));
             SlowPeers slow = SlowPeers.open(host.wsUri("/rooms-api/" + room + "?report=" + report), 4)) {
            for (int i = 0; i < readers; i++) {
                reading.add(RawWebSocket.connect(host.wsUri("/rooms-api/" + room)));
            }
            sender.sendText("limit:" + (1024 * 1024));
            assertEquals("limit", sender.readFrame().text());
            Matcher before = awaitMembers(sender, 1 + readers + 4);
            long slowBefore = Long.parseLong(before.group(2));
            long start = System.nanoTime();
            sender.readTimeout(30_000);
            for (int first = 0; first < messages; first += round) {
                sender.sendText("flood:" + round + ":" + size + ":" + first);
                assertEquals("flooded", sender.readFrame().text());
                for (RawWebSocket r : reading) {
                    for (int i = first; i < first + round; i++) {
                        assertFrame(r.readFrame(), RoomsApiEndpoint.message(i, size));
                    }
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 20_000, "the reading members took " + ms + " ms for " + messages + " messages");
            // The close frame waits behind the frame being written, which a peer that does not read never takes
            // whole: the connection ends after the close timeout. If the frame got through, it says why.
            for (SlowPeers.Ending end : slow.readToEnd(10_000)) {
                assertTrue(end.ended(), "slow member's connection ended: " + end);
                if (end.closeCode() != -1) {
                    assertEquals(1008, end.closeCode(), "slow member's close frame: " + end);
                    assertTrue(end.closeReason().startsWith("room member not reading"), end.closeReason());
                }
            }
            for (int i = 0; i < 4; i++) {
                String event = Reports.queue(report).poll(10, TimeUnit.SECONDS);
                assertTrue(event != null && event.contains("room member not reading"), "onClose: " + event);
            }
            Matcher after = awaitMembers(sender, 1 + readers);
            assertEquals(slowBefore + 4, Long.parseLong(after.group(2)), "slow members counted");
            assertEquals(after.group(2), meters(sender).group(1), "the container's counter rooms.members.closed.slow");
        } finally {
            for (RawWebSocket r : reading) {
                r.close();
            }
        }
    }

    @HostTest
    @DisplayName("auto-responses are answered without reaching the endpoint; other messages reach it; clear works")
    void autoResponses(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/rooms-api/auto-" + host.name() + "?auto"))) {
            for (int i = 0; i < 200; i++) {
                ws.sendText("heartbeat");
            }
            ws.sendText("heartbeat2");
            ws.sendText("count");
            for (int i = 0; i < 200; i++) {
                assertEquals("alive", ws.readFrame().text());
            }
            assertEquals("echo:heartbeat2", ws.readFrame().text());
            Matcher m = matchCount(ws.readFrame().text());
            assertEquals(2, Integer.parseInt(m.group(3)), "the endpoint saw only heartbeat2 and count");
            ws.sendText("clear");
            assertEquals("cleared", ws.readFrame().text());
            ws.sendText("heartbeat");
            assertEquals("echo:heartbeat", ws.readFrame().text());
        }
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/rooms-api/autobin-" + host.name() + "?autobin"))) {
            ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3, 4});
            RawWebSocket.Frame answer = ws.readFrame();
            assertEquals(RawWebSocket.BINARY, answer.opcode());
            assertArrayEquals(new byte[] {4, 5}, answer.payload());
            assertEquals("echo-binary:4", ws.readFrame().text());
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5.2] a peer that stops answering pings is closed with 1001 within interval + timeout")
    void unansweredPingsClose(Host host) throws Exception {
        String report = Reports.newKey();
        long intervalMs = 300;
        long start = System.nanoTime();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/rooms-api/ka-" + host.name() + "?ping=" + intervalMs
                + "&report=" + report))) {
            RawWebSocket.Frame ping = ws.readFrame();
            assertEquals(RawWebSocket.PING, ping.opcode());
            RawWebSocket.Frame close = ws.readFrame(); // the ping is not answered
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1001, close.closeCode());
            assertEquals("no pong within 300 ms", close.closeReason());
            assertTrue(ms < 2 * intervalMs + 1_500, "closed after " + ms + " ms");
            assertEquals("close 1006 no pong within 300 ms", Reports.queue(report).poll(10, TimeUnit.SECONDS));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5.3] a peer that answers pings stays open; ping() completes with the round trip")
    void answeredPingsKeepOpenAndMeasureRtt(Host host) throws Exception {
        // Pings every 250 ms, but 5 s to answer each: on a loaded machine this client (or the server's reader) may be
        // descheduled for longer than an interval, which is not what this test is about (unansweredPingsClose is).
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/rooms-api/ka2-" + host.name()
                + "?ping=250&pong=5000"))) {
            for (int i = 0; i < 5; i++) { // five intervals, each answered within the timeout
                RawWebSocket.Frame ping = ws.readFrame();
                assertEquals(RawWebSocket.PING, ping.opcode());
                ws.send(RawWebSocket.PONG, ping.payload());
            }
            ws.sendText("rtt");
            RawWebSocket.Frame frame;
            while ((frame = ws.readFrame()).opcode() == RawWebSocket.PING) {
                ws.send(RawWebSocket.PONG, frame.payload());
            }
            assertTrue(frame.text().startsWith("rtt:"), frame.text());
            assertTrue(Long.parseLong(frame.text().substring(4)) > 0);
            // [issue #21] the endpoint's websocket.ping.rtt timed the keep-alive pings and ping()'s own (no other test
            // of this host's container answers a ping on this endpoint). Only a pong that reaches the server before
            // its next ping goes out is timed (PingClock times the latest ping; keep-alive pings all carry the same
            // payload): a round trip longer than an interval on a loaded machine loses one, so of the six answered
            // at least half, not all, are asserted.
            long timed = Long.parseLong(meters(ws).group(2));
            assertTrue(timed >= 3, "round trips timed: " + timed);
        }
    }

    private static final Pattern METERS = Pattern.compile("meters:slow=(\\d+) rtt=(\\d+) broker=(\\d+)");

    /** The endpoint's "meters" answer, keep-alive pings on the way answered. */
    private static Matcher meters(RawWebSocket ws) throws Exception {
        ws.sendText("meters");
        RawWebSocket.Frame frame;
        while ((frame = ws.readFrame()).opcode() == RawWebSocket.PING) {
            ws.send(RawWebSocket.PONG, frame.payload());
        }
        Matcher m = METERS.matcher(frame.text());
        assertTrue(m.matches(), frame.text());
        return m;
    }

    @HostTest
    @DisplayName("the broker hears subscribe on the first member, one publish per broadcast, unsubscribe on the last;"
            + " another server's broadcast reaches the local members")
    void brokerSeam(Host host) throws Exception {
        String room = "brokered-" + host.name();
        RecordingBroker broker;
        try (RawWebSocket a = RawWebSocket.connect(host.wsUri("/rooms-api/" + room))) {
            a.sendText("broker");
            String id = a.readFrame().text().substring("broker:".length());
            broker = RoomsApiEndpoint.BROKERS.entrySet().stream()
                    .filter(e -> Integer.toString(System.identityHashCode(e.getKey())).equals(id))
                    .map(java.util.Map.Entry::getValue).findFirst().orElseThrow();
            // The room had its member before this broker came: useBroker subscribes it to the rooms in use.
            assertEquals("subscribe " + room, next(broker, room));
            try (RawWebSocket b = RawWebSocket.connect(host.wsUri("/rooms-api/" + room))) {
                awaitMembers(a, 2);
                a.sendText("say:hello");
                assertEquals("hello", b.readFrame().text());
                assertEquals("said", a.readFrame().text());
                assertEquals("publish " + room + " text hello", next(broker, room));
                // [issue #21] the container's counter rooms.broker.not.delivered reads the broker in use
                broker.undelivered.set(3);
                assertEquals("3", meters(a).group(3));
                broker.undelivered.set(0);
                broker.fromAnotherServer(room, "from afar");
                assertEquals("from afar", a.readFrame().text());
                assertEquals("from afar", b.readFrame().text());
                b.sendClose(1000, "");
                b.readUntilClose();
            }
            awaitMembers(a, 1);
            a.sendClose(1000, "");
            a.readUntilClose();
        }
        assertEquals("unsubscribe " + room, next(broker, room), "the last member left");
        assertEquals(List.of(), broker.calls.stream().filter(c -> c.contains(room)).toList(), "nothing else");
    }

    /** The broker's next call about {@code room}: other tests' rooms in the same container may be subscribed too. */
    private static String next(RecordingBroker broker, String room) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String call;
        do {
            call = broker.calls.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (call != null && !call.contains(room));
        return call;
    }

    private static Matcher awaitMembers(RawWebSocket sender, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            sender.sendText("count");
            Matcher m = matchCount(sender.readFrame().text());
            if (Integer.parseInt(m.group(1)) == expected) {
                return m;
            }
            assertTrue(System.nanoTime() < deadline, "room has " + m.group(1) + " members, not " + expected);
            Thread.onSpinWait();
        }
    }

    private static Matcher matchCount(String text) {
        Matcher m = COUNT.matcher(text);
        assertTrue(m.matches(), text);
        return m;
    }

}
