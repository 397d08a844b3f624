package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.engine.deflate.DeflateStats;
import dev.wharf.metrics.CloseInitiator;
import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.EndpointMeters;
import dev.wharf.metrics.HandshakeMeters;
import dev.wharf.metrics.WebSocketContainerMXBean;
import dev.wharf.metrics.WebSocketEndpointMXBean;
import dev.wharf.metrics.WharfMetrics;
import dev.wharf.servlet.e2e.endpoints.BrokenEndpoint;
import dev.wharf.servlet.e2e.endpoints.BulkEndpoint;
import dev.wharf.servlet.e2e.endpoints.MeteredEndpoint;
import dev.wharf.servlet.e2e.endpoints.Reports;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.SharedHosts;
import dev.wharf.servlet.hosts.WebApp;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Issue #21: every meter moves as scripted traffic says it must, on every host, and JMX shows the same figures. Each
 * host gets its own context path, so its container is found by it (in {@link WharfMetrics#containers()} and in the
 * MBean names). The servlet-bridge tests run without Micrometer on the class path: all of this works without it.
 */
@Tag("e2e")
@DisplayName("metrics: meters under scripted traffic, and their MBeans (issue #21)")
class MetricsTest extends SharedHosts {

    private static final AtomicInteger APPS = new AtomicInteger();
    private static final long BLOCKING_SEND_TIMEOUT_MS = 1_500;
    private static final long WAIT_MS = 10_000;

    @Override
    protected List<Host> candidates() {
        return E2eApp.hosts();
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/metrics" + APPS.incrementAndGet())
                .initializer(E2eApp.initializer(), Set.of(MeteredEndpoint.class, BrokenEndpoint.class,
                        BulkEndpoint.class))
                .initParam("dev.wharf.allowedOrigins", "allowed.example")
                .initParam("dev.wharf.blockingSendTimeout", Long.toString(BLOCKING_SEND_TIMEOUT_MS))
                .build();
    }

    private static ContainerMeters meters(Host host) {
        return WharfMetrics.containers().stream().filter(c -> c.context().equals(host.contextPath())).findFirst()
                .orElseThrow(() -> new AssertionError("no published container at " + host.contextPath()));
    }

    @HostTest
    @DisplayName("[RFC 6455 §4.2.1-2] handshakes: 101 accepted, refusals counted by status 400/403/404/426/500")
    void handshakesByStatus(Host host) throws Exception {
        HandshakeMeters h = meters(host).handshakes();
        int[] statuses = {400, 403, 404, 426, 500};
        long[] before = Arrays.stream(statuses).mapToLong(h::refused).toArray();
        long acceptedBefore = h.accepted();

        assertEquals(400, status(RawWebSocket.request(host.wsUri("/metered")).header("Sec-WebSocket-Key", "abc")));
        assertEquals(403, status(RawWebSocket.request(host.wsUri("/metered"))
                .header("Origin", "http://elsewhere.example")));
        assertEquals(404, status(RawWebSocket.request(host.wsUri("/nowhere"))));
        assertEquals(426, status(RawWebSocket.request(host.wsUri("/metered")).header("Sec-WebSocket-Version", "8")));
        assertEquals(500, status(RawWebSocket.request(host.wsUri("/broken"))));
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered"))) {
            ws.sendClose(1000, "");
            ws.readUntilClose();
        }

        for (int i = 0; i < statuses.length; i++) {
            assertEquals(before[i] + 1, h.refused(statuses[i]), "refused with " + statuses[i]);
        }
        assertEquals(acceptedBefore + 1, h.accepted());
        assertTrue(h.acceptNanosMax() > 0 && h.acceptNanosTotal() >= h.acceptNanosMax(), "handshake time recorded");

        WebSocketContainerMXBean bean = containerBean(host);
        Map<String, Long> refused = bean.getHandshakesRefused();
        for (int status : statuses) {
            assertEquals(h.refused(status), refused.get(Integer.toString(status)), "JMX, status " + status);
        }
        assertEquals(h.accepted(), bean.getHandshakesAccepted());
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5-5.6] messages, control frames and wire bytes each way; a peer's 1000 close")
    void messagesBytesAndPeerClose(Host host) throws Exception {
        EndpointMeters m = meters(host).endpoint("/metered");
        Snapshot before = new Snapshot(m);
        String key = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered?report=" + key))) {
            ws.sendText("hello"); // 2 + 4 (mask) + 5 bytes in, 2 + 5 out
            assertEquals("hello", ws.readFrame().text());
            ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3}); // 2 + 4 + 3 in, 2 + 3 out
            assertEquals(RawWebSocket.BINARY, ws.readFrame().opcode());
            ws.send(RawWebSocket.PING, new byte[] {7}); // 2 + 4 + 1 in, a pong of 2 + 1 out
            assertEquals(RawWebSocket.PONG, ws.readFrame().opcode());
            assertEquals(before.open + 1, m.sessionsOpen(), "open while open");
            ws.sendClose(1000, ""); // 2 + 4 + 2 in, the reply 2 + 2 out
            assertEquals(1000, ws.readUntilClose().closeCode());
        }
        awaitEnded(key);
        assertEquals(before.opened + 1, m.sessionsOpened());
        assertEquals(before.open, m.sessionsOpen(), "open after the close");
        assertEquals(before.text + 1, m.textMessagesReceived());
        assertEquals(before.binary + 1, m.binaryMessagesReceived());
        assertEquals(before.pings + 1, m.pingsReceived());
        assertEquals(before.textSent + 1, m.textMessagesSent());
        assertEquals(before.binarySent + 1, m.binaryMessagesSent());
        assertEquals(before.pongsSent + 1, m.pongsSent());
        assertEquals(before.handled + 1, m.handling().count(), "a session's first message is timed, then one in 16");
        assertEquals(before.bytesIn + 11 + 9 + 7 + 8, m.bytesReceived(), "wire bytes in");
        assertEquals(before.bytesOut + 7 + 5 + 3 + 4, m.bytesSent(), "wire bytes out");
        assertEquals(before.code(1000) + 1, m.closesWithCode(1000));
        assertEquals(before.by(CloseInitiator.PEER) + 1, m.closesBy(CloseInitiator.PEER));

        WebSocketEndpointMXBean bean = endpointBean(host, "/metered");
        assertEquals(m.textMessagesReceived(), bean.getTextMessagesReceived());
        assertEquals(m.bytesSent(), bean.getBytesSent());
        assertEquals(m.closesWithCode(1000), bean.getClosesByCode().get("1000"));
        assertEquals(m.closesBy(CloseInitiator.PEER), bean.getClosesByInitiator().get("peer"));
        assertEquals(m.sessionsOpened(), (Long) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(endpointName(host, "/metered"), "SessionsOpened"));
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5.2-3] the application's ping, the peer's pong echoing it: one round trip timed; a stray pong none")
    void pingRoundTrip(Host host) throws Exception {
        EndpointMeters m = meters(host).endpoint("/metered");
        long pingsSent = m.pingsSent();
        long pongs = m.pongsReceived();
        long timed = m.pingRoundTrips().count();
        String key = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered?report=" + key))) {
            ws.sendText("ping:rtt-1");
            RawWebSocket.Frame ping = ws.readFrame();
            assertEquals(RawWebSocket.PING, ping.opcode());
            assertEquals("rtt-1", new String(ping.payload(), StandardCharsets.UTF_8));
            ws.send(RawWebSocket.PONG, ping.payload());
            ws.send(RawWebSocket.PONG, "stray".getBytes(StandardCharsets.UTF_8)); // unsolicited: not timed
            ws.send(RawWebSocket.PONG, ping.payload()); // the same ping answered twice: timed once
            ws.sendText("after the pongs"); // handled after them, on the same reader
            assertEquals("after the pongs", ws.readFrame().text());
            ws.sendClose(1000, "");
            ws.readUntilClose();
        }
        awaitEnded(key);
        assertEquals(pingsSent + 1, m.pingsSent());
        assertEquals(pongs + 3, m.pongsReceived());
        assertEquals(timed + 1, m.pingRoundTrips().count());
        assertTrue(m.pingRoundTrips().maxNanos() > 0, "a round trip takes time");
        WebSocketEndpointMXBean bean = endpointBean(host, "/metered");
        assertEquals(m.pingRoundTrips().count(), bean.getPingRoundTrips());
        assertEquals(m.pingRoundTrips().count(), bean.getPingRoundTripHistogram().get("all"));
        assertTrue(bean.getPingRoundTripMaxMillis() > 0 && bean.getPingRoundTripPercentilesMillis().get("p99") > 0);
        assertTrue(containerBean(host).getHandshakePercentilesMillis().get("p50") > 0, "handshake percentiles");
        assertEquals(m.handling().count(), bean.getMessageHandlings());
        assertTrue(bean.getMessageHandlingMaxMillis() > 0, "handlers timed");
    }

    @HostTest
    @DisplayName("[Session.setMaxIdleTimeout] an idle session closed by the container with 1001 is counted as an idle timeout")
    void idleTimeout(Host host) throws Exception {
        EndpointMeters m = meters(host).endpoint("/metered");
        Snapshot before = new Snapshot(m);
        long idle = m.idleTimeouts();
        String key = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered?report=" + key))) {
            ws.sendText("idle:300");
            assertEquals(1001, ws.readUntilClose().closeCode());
            ws.sendClose(1001, "");
        }
        awaitEnded(key);
        assertEquals(idle + 1, m.idleTimeouts());
        assertEquals(before.code(1001) + 1, m.closesWithCode(1001));
        assertEquals(before.by(CloseInitiator.CONTAINER) + 1, m.closesBy(CloseInitiator.CONTAINER));
        assertEquals(m.idleTimeouts(), endpointBean(host, "/metered").getIdleTimeouts());
    }

    @HostTest
    @DisplayName("[RFC 6455 §7.4.1] closes by code and initiator: application 4001, protocol 1002, dropped 1006")
    void closesByCodeAndInitiator(Host host) throws Exception {
        EndpointMeters m = meters(host).endpoint("/metered");
        Snapshot before = new Snapshot(m);

        String app = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered?report=" + app))) {
            ws.sendText("close:4001");
            assertEquals(4001, ws.readUntilClose().closeCode());
            ws.sendClose(4001, "");
        }
        awaitEnded(app);
        String protocol = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered?report=" + protocol))) {
            ws.sendFrame(true, 0, RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8), false); // unmasked
            assertEquals(1002, ws.readUntilClose().closeCode());
        }
        awaitEnded(protocol);
        String dropped = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered?report=" + dropped))) {
            ws.sendText("still here");
            assertEquals("still here", ws.readFrame().text());
        } // the socket closes without a close frame
        awaitEnded(dropped);

        assertEquals(before.code(4001) + 1, m.closesWithCode(4001));
        assertEquals(before.code(1002) + 1, m.closesWithCode(1002));
        assertEquals(before.code(1006) + 1, m.closesWithCode(1006));
        assertEquals(before.by(CloseInitiator.APPLICATION) + 1, m.closesBy(CloseInitiator.APPLICATION));
        assertEquals(before.by(CloseInitiator.PROTOCOL) + 1, m.closesBy(CloseInitiator.PROTOCOL));
        assertEquals(before.by(CloseInitiator.PEER) + 1, m.closesBy(CloseInitiator.PEER));
        assertEquals(before.open, m.sessionsOpen());
    }

    @HostTest
    @DisplayName("[issue #19] a peer that does not read: queue bytes and a session behind, a blocked send timing out with 1008")
    void slowPeer(Host host) throws Exception {
        ContainerMeters c = meters(host);
        EndpointMeters m = c.endpoint("/bulk");
        Snapshot before = new Snapshot(m);
        try (SlowPeers slow = SlowPeers.open(host.wsUri("/bulk"), 1)) {
            slow.sendToAll("8", 1); // eight 1 MiB blocking sends: more than loopback's buffers take
            assertTrue(eventually(() -> c.sessionsBehind() >= 1 && c.sendQueueBytes() > ContainerMeters.BEHIND_BYTES),
                    "a session behind: " + c.sessionsBehind() + ", queued " + c.sendQueueBytes());
            // Reading now would let the blocked send finish: first the send times out, then the peer reads.
            assertTrue(eventually(() -> m.sendTimeouts() > before.timeouts), "no send timed out");
            List<SlowPeers.Ending> endings = slow.readToEnd((int) WAIT_MS);
            assertEquals(1008, endings.get(0).closeCode(), endings.toString());
        }
        assertTrue(eventually(() -> m.sessionsOpen() == before.open && c.sendQueueBytes() == 0),
                "after the close: open " + m.sessionsOpen() + ", queued " + c.sendQueueBytes());
        assertEquals(before.timeouts + 1, m.sendTimeouts());
        assertTrue(m.blockedSends() > before.blocked, "blocked sends counted");
        assertEquals(before.code(1008) + 1, m.closesWithCode(1008));
        assertEquals(before.by(CloseInitiator.CONTAINER) + 1, m.closesBy(CloseInitiator.CONTAINER));
        assertTrue(c.sendQueueBytesHighWater() >= BulkEndpoint.SIZE, "high water " + c.sendQueueBytesHighWater());
        assertEquals(c.sendQueueBytesHighWater(), containerBean(host).getSendQueueBytesHighWater());
    }

    @HostTest
    @DisplayName("[RFC 7692 §7.2] deflate: payload bytes before and after (de)compression, codec memory")
    void deflate(Host host) throws Exception {
        String text = "metrics ".repeat(500);
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        byte[] compressed = compress(plain);
        long sentUncompressed = DeflateStats.sentUncompressedBytes();
        long sentCompressed = DeflateStats.sentCompressedBytes();
        long receivedCompressed = DeflateStats.receivedCompressedBytes();
        long receivedInflated = DeflateStats.receivedInflatedBytes();
        String key = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(RawWebSocket.request(host.wsUri("/metered?report=" + key))
                .header("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            assertNotNull(ws.handshake().value("Sec-WebSocket-Extensions"), "deflate agreed");
            ws.sendFrame(true, 4, RawWebSocket.TEXT, compressed, true); // RSV1: compressed
            RawWebSocket.Frame echo = ws.readFrame();
            assertEquals(4, echo.rsv(), "the echo is compressed");
            assertEquals(text, inflate(echo.payload()));
            // Codecs are borrowed per message and pooled after it: at least these two are in use or idle now.
            assertTrue(DeflateStats.deflatersInUse() + DeflateStats.deflatersIdle() >= 1, "a deflater");
            assertTrue(DeflateStats.inflatersInUse() + DeflateStats.inflatersIdle() >= 1, "an inflater");
            assertTrue(DeflateStats.codecMemoryBytes() >= DeflateStats.INFLATER_BYTES + (1 << 15),
                    "an inflater's estimate and at least a deflater's 32 KiB window: " + DeflateStats.codecMemoryBytes());
            assertEquals(receivedCompressed + compressed.length, DeflateStats.receivedCompressedBytes());
            assertEquals(receivedInflated + plain.length, DeflateStats.receivedInflatedBytes());
            assertEquals(sentUncompressed + plain.length, DeflateStats.sentUncompressedBytes());
            assertEquals(sentCompressed + echo.payload().length, DeflateStats.sentCompressedBytes());
            assertEquals(DeflateStats.sentCompressedBytes(), containerBean(host).getDeflateSentCompressedBytes());
            ws.sendClose(1000, "");
            ws.readUntilClose();
        }
        awaitEnded(key);
    }

    @HostTest
    @DisplayName("the callback pool's gauges, the rooms' counters in the container's MBean; Micrometer is not on this class path")
    void poolGaugesWithoutMicrometer(Host host) throws Exception {
        ContainerMeters c = meters(host);
        assertTrue(c.callbackThreads() >= c.callbackThreadsBusy() && c.callbackTasksQueued() >= 0);
        assertEquals(host.contextPath(), containerBean(host).getContextPath());
        // Published by the rooms code (this application uses no rooms, so nothing was counted and none were made) and by
        // the hostile-peer defences (issue #19), which nothing here set off.
        assertEquals(Map.of("rooms.members.closed.slow", 0L, "rooms.broker.not.delivered", 0L, "sends.preempted", 0L,
                "inbound.budget.exceeded", 0L),
                containerBean(host).getCounters());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static int status(RawWebSocket.Request request) throws Exception {
        try (RawWebSocket ws = request.open()) {
            return ws.handshake().status();
        }
    }

    private static void awaitEnded(String key) throws InterruptedException {
        assertEquals("ended", Reports.queue(key).poll(WAIT_MS, TimeUnit.MILLISECONDS), "session did not end");
    }

    /** Whether {@code condition} holds within {@link #WAIT_MS}: for gauges, which no event of ours announces. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    private static ObjectName containerName(Host host) throws Exception {
        return new ObjectName("dev.wharf:type=WebSocketContainer,context=" + host.contextPath());
    }

    private static ObjectName endpointName(Host host, String path) throws Exception {
        return new ObjectName("dev.wharf:type=WebSocketEndpoint,context=" + host.contextPath() + ",endpoint=" + path);
    }

    private static WebSocketContainerMXBean containerBean(Host host) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return JMX.newMXBeanProxy(server, containerName(host), WebSocketContainerMXBean.class);
    }

    private static WebSocketEndpointMXBean endpointBean(Host host, String path) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return JMX.newMXBeanProxy(server, endpointName(host, path), WebSocketEndpointMXBean.class);
    }

    /** RFC 7692 §7.2.1: raw deflate, sync flush, without the trailing 00 00 ff ff. */
    private static byte[] compress(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            byte[] out = new byte[plain.length + 64];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(out, n - 4);
        } finally {
            deflater.end();
        }
    }

    private static String inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] input = Arrays.copyOf(payload, payload.length + 4); // RFC 7692 §7.2.2: append 00 00 ff ff
            input[input.length - 2] = (byte) 0xff;
            input[input.length - 1] = (byte) 0xff;
            inflater.setInput(input);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }

    /** An endpoint's counters before a test, to check the test's deltas (tests of a class share the hosts). */
    private static final class Snapshot {
        final long open;
        final long opened;
        final long text;
        final long binary;
        final long pings;
        final long textSent;
        final long binarySent;
        final long pongsSent;
        final long bytesIn;
        final long bytesOut;
        final long timeouts;
        final long blocked;
        final long handled;
        private final EndpointMeters m;
        private final Map<Integer, Long> codes;
        private final Map<CloseInitiator, Long> initiators;

        Snapshot(EndpointMeters m) {
            this.m = m;
            open = m.sessionsOpen();
            opened = m.sessionsOpened();
            text = m.textMessagesReceived();
            binary = m.binaryMessagesReceived();
            pings = m.pingsReceived();
            textSent = m.textMessagesSent();
            binarySent = m.binaryMessagesSent();
            pongsSent = m.pongsSent();
            bytesIn = m.bytesReceived();
            bytesOut = m.bytesSent();
            timeouts = m.sendTimeouts();
            blocked = m.blockedSends();
            handled = m.handling().count();
            codes = Map.of(1000, m.closesWithCode(1000), 1001, m.closesWithCode(1001), 1002, m.closesWithCode(1002), 1006, m.closesWithCode(1006),
                    1008, m.closesWithCode(1008), 4001, m.closesWithCode(4001));
            initiators = Map.of(CloseInitiator.PEER, m.closesBy(CloseInitiator.PEER), CloseInitiator.APPLICATION,
                    m.closesBy(CloseInitiator.APPLICATION), CloseInitiator.CONTAINER,
                    m.closesBy(CloseInitiator.CONTAINER), CloseInitiator.PROTOCOL, m.closesBy(CloseInitiator.PROTOCOL));
        }

        long code(int code) {
            return codes.get(code);
        }

        long by(CloseInitiator initiator) {
            return initiators.get(initiator);
        }
    }
}
