package dev.wharf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Micrometer binder: a SimpleMeterRegistry sees Wharf's own figures")
class WharfMeterBinderTest {

    private final FixedSources sources = new FixedSources();
    private final ContainerMeters container = new ContainerMeters(true, sources);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WharfMeterBinder binder = new WharfMeterBinder();

    @AfterEach
    void tearDown() {
        binder.close();
        container.unpublish();
    }

    @Test
    @DisplayName("every endpoint and container meter reads the same value as the meter model, now and later")
    void sameValues() {
        container.publish("/binder-test", "localhost");
        binder.bindTo(registry);
        EndpointMeters echo = container.endpoint("/echo"); // after binding: a new endpoint is bound as it appears
        record(echo);
        sources.held = 1234;
        sources.highWater = 99_999;
        sources.behind = 2;
        sources.threads = 5;
        sources.busy = 3;
        sources.queued = 7;
        sources.evictions = 4;
        container.handshakes().recordAccepted(2_000_000);
        container.handshakes().recordRefused(403);
        container.handshakes().recordRefused(418);

        Tags c = Tags.of("context", "/binder-test", "host", "localhost");
        Tags e = c.and("endpoint", "/echo");
        assertGauge(echo::sessionsOpen, "websocket.sessions.open", e);
        assertCounter(echo::sessionsOpened, "websocket.sessions.opened", e);
        assertCounter(echo::textMessagesReceived, "websocket.messages.received", e.and("type", "text"));
        assertCounter(echo::binaryMessagesReceived, "websocket.messages.received", e.and("type", "binary"));
        assertCounter(echo::pingsReceived, "websocket.messages.received", e.and("type", "ping"));
        assertCounter(echo::pongsReceived, "websocket.messages.received", e.and("type", "pong"));
        assertCounter(echo::textMessagesSent, "websocket.messages.sent", e.and("type", "text"));
        assertCounter(echo::binaryMessagesSent, "websocket.messages.sent", e.and("type", "binary"));
        assertCounter(echo::pingsSent, "websocket.messages.sent", e.and("type", "ping"));
        assertCounter(echo::pongsSent, "websocket.messages.sent", e.and("type", "pong"));
        assertCounter(echo::bytesReceived, "websocket.bytes.received", e);
        assertCounter(echo::bytesSent, "websocket.bytes.sent", e);
        assertCounter(echo::blockedSends, "websocket.sends.blocked", e);
        assertCounter(echo::sendTimeouts, "websocket.sends.timeouts", e);
        assertCounter(echo::sendQueueOverflows, "websocket.sends.queue.overflows", e);
        assertCounter(echo::idleTimeouts, "websocket.sessions.idle.timeouts", e);
        for (int slot = 0; slot < CloseCodeSlots.COUNT; slot++) {
            int s = slot;
            assertCounter(() -> echo.closes(s), "websocket.closes", e.and("code", CloseCodeSlots.label(slot)));
        }
        for (CloseInitiator by : CloseInitiator.values()) {
            assertCounter(() -> echo.closesBy(by), "websocket.closes.initiated", e.and("by", by.tag()));
        }
        HandshakeMeters h = container.handshakes();
        assertCounter(h::accepted, "websocket.handshakes", c.and("outcome", "accepted", "status", "101"));
        for (int status : HandshakeMeters.countedStatuses()) {
            assertCounter(() -> h.refused(status), "websocket.handshakes",
                    c.and("outcome", "refused", "status", Integer.toString(status)));
        }
        assertCounter(h::refusedOther, "websocket.handshakes", c.and("outcome", "refused", "status", "other"));
        FunctionTimer timer = registry.get("websocket.handshake.duration").tags(c).functionTimer();
        assertEquals(1, timer.count());
        assertEquals(2.0, timer.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertGauge(container::sendQueueBytes, "websocket.send.queue.bytes", c);
        assertGauge(container::sendQueueBytesHighWater, "websocket.send.queue.bytes.max", c);
        assertGauge(() -> container.sessionsBehind(), "websocket.sessions.behind", c);
        assertCounter(container::sendBudgetEvictions, "websocket.send.budget.evictions", c);
        assertGauge(() -> container.callbackThreads(), "websocket.callback.threads", c);
        assertGauge(() -> container.callbackThreadsBusy(), "websocket.callback.threads.busy", c);
        assertGauge(() -> container.callbackTasksQueued(), "websocket.callback.queue", c);

        long[] dropped = {3};
        container.publishCounter(new ContainerMeters.Counter("rooms.members.dropped", "sessions",
                "slow members dropped from rooms", () -> dropped[0]));
        assertCounter(() -> dropped[0], "websocket.rooms.members.dropped", c);
        dropped[0] = 5;
        assertCounter(() -> 5, "websocket.rooms.members.dropped", c);
        assertEquals(Map.of("rooms.members.dropped", 5L), new ContainerView(container).getCounters());

        record(echo); // the meters are functions of the model: they follow without rebinding
        assertCounter(echo::bytesSent, "websocket.bytes.sent", e);
        assertCounter(() -> echo.closes(CloseCodeSlots.of(4002)), "websocket.closes", e.and("code", "4xxx"));
    }

    @Test
    @DisplayName("distributions are published as Micrometer publishes a timer: count and total, max, percentile, histogram")
    void latencies() {
        container.publish("/latency-test", "h");
        binder.bindTo(registry);
        EndpointMeters echo = container.endpoint("/echo");
        echo.recordPingRoundTrip(300_000);    // 0.3 ms: the 0.5 ms bucket
        echo.recordPingRoundTrip(4_000_000);  // 4 ms: the 5 ms bucket
        container.handshakes().recordAccepted(700_000);
        echo.recordHandling(30_000);
        Tags c = Tags.of("context", "/latency-test", "host", "h");
        Tags e = c.and("endpoint", "/echo");
        FunctionTimer rtt = registry.get("websocket.ping.rtt").tags(e).functionTimer();
        assertEquals(2, rtt.count());
        assertEquals(4.3, rtt.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(0.004, registry.get("websocket.ping.rtt.max").tags(e).timeGauge().value(TimeUnit.SECONDS), 1e-12);
        assertEquals(0.5, registry.get("websocket.ping.rtt.percentile").tags(e.and("phi", "0.5")).timeGauge()
                .value(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(4.0, registry.get("websocket.ping.rtt.percentile").tags(e.and("phi", "0.99")).timeGauge()
                .value(TimeUnit.MILLISECONDS), 1e-9, "never above the longest seen");
        assertCounter(() -> 0, "websocket.ping.rtt.histogram", e.and("le", "0.00025"));
        assertCounter(() -> 1, "websocket.ping.rtt.histogram", e.and("le", "0.0005"));
        assertCounter(() -> 2, "websocket.ping.rtt.histogram", e.and("le", "0.005"));
        assertCounter(() -> 2, "websocket.ping.rtt.histogram", e.and("le", "10"));
        assertEquals(1, registry.get("websocket.message.handling").tags(e).functionTimer().count());
        assertCounter(() -> 1, "websocket.message.handling.histogram", e.and("le", "0.00005"));
        assertEquals(1, registry.get("websocket.handshake.duration").tags(c).functionTimer().count());
        assertCounter(() -> 1, "websocket.handshake.duration.histogram", c.and("le", "0.001"));
        assertEquals(0.7, registry.get("websocket.handshake.duration.max").tags(c).timeGauge()
                .value(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    @DisplayName("a client container's meters have client names and a client tag, in Micrometer and in JMX")
    void clientContainer() throws Exception {
        binder.bindTo(registry);
        container.publishClient();
        int n = container.clientNumber();
        assertTrue(n > 0 && container.isClient());
        EndpointMeters echo = container.endpoint("com.example.EchoClient");
        record(echo);
        container.handshakes().recordRefused(404);
        Tags c = Tags.of("client", Integer.toString(n));
        Tags e = c.and("endpoint", "com.example.EchoClient");
        assertGauge(echo::sessionsOpen, "websocket.client.sessions.open", e);
        assertCounter(echo::textMessagesReceived, "websocket.client.messages.received", e.and("type", "text"));
        assertCounter(echo::bytesSent, "websocket.client.bytes.sent", e);
        assertCounter(() -> echo.closes(CloseCodeSlots.of(1000)), "websocket.client.closes", e.and("code", "1000"));
        assertCounter(() -> 1, "websocket.client.handshakes", c.and("outcome", "refused", "status", "404"));
        assertNull(registry.find("websocket.sessions.open").tag("endpoint", "com.example.EchoClient").gauge(),
                "not under the server's names");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(
                "dev.wharf:type=WebSocketClientEndpoint,client=" + n + ",endpoint=com.example.EchoClient");
        assertEquals(echo.textMessagesReceived(), jmx.getAttribute(name, "TextMessagesReceived"));
        assertEquals(Map.of("400", 0L, "403", 0L, "404", 1L, "426", 0L, "500", 0L, "other", 0L),
                jmx.getAttribute(new ObjectName("dev.wharf:type=WebSocketClientContainer,client="
                        + n), "HandshakesRefused") instanceof TabularData t
                        ? tabular(t) : Map.of());
        container.unpublish();
        assertTrue(!jmx.isRegistered(name));
        assertNull(registry.find("websocket.client.sessions.open").tags(e).gauge());
    }

    @Test
    @DisplayName("a container published after binding is bound; a withdrawn one leaves the registry")
    void followsContainers() {
        binder.bindTo(registry);
        binder.bindTo(registry); // twice: no second set of meters
        assertNull(registry.find("websocket.sessions.behind").tag("context", "/late").gauge());
        container.endpoint("/chat/{room}").recordOpened();
        container.publish("/late", "");
        assertEquals(1.0, registry.get("websocket.sessions.open").tag("context", "/late")
                .tag("endpoint", "/chat/{room}").gauge().value());
        container.unpublish();
        for (Meter m : registry.getMeters()) {
            assertTrue(!"/late".equals(m.getId().getTag("context")), "left behind: " + m.getId());
        }
    }

    @Test
    @DisplayName("with metrics off nothing is published and recording does nothing")
    void off() {
        ContainerMeters off = new ContainerMeters(false, sources);
        off.publish("/off", "");
        binder.bindTo(registry);
        EndpointMeters m = off.endpoint("/echo");
        m.recordOpened();
        m.recordBytesReceived(10);
        assertEquals(0, m.sessionsOpen());
        assertEquals(0, m.bytesReceived());
        assertNull(registry.find("websocket.sessions.behind").tag("context", "/off").gauge());
        assertTrue(!WharfMetrics.containers().contains(off));
    }

    /** An MXBean's Map<String, Long> as JMX clients see it. */
    private static Map<String, Long> tabular(TabularData data) {
        Map<String, Long> map = new HashMap<>();
        for (Object row : data.values()) {
            CompositeData entry = (CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }

    private static void record(EndpointMeters m) {
        m.recordOpened();
        m.recordOpened();
        m.recordEnded();
        m.recordTextReceived();
        m.recordBinaryReceived();
        m.recordBinaryReceived();
        m.recordPingReceived();
        m.recordPongReceived();
        m.recordMessageSent(true);
        m.recordMessageSent(false);
        m.recordPingSent();
        m.recordPongSent();
        m.recordBytesReceived(100);
        m.recordBytesSent(250);
        m.recordBlockedSend();
        m.recordSendTimeout();
        m.recordSendQueueOverflow();
        m.recordIdleTimeout();
        m.recordClose(CloseInitiator.PEER, 1000);
        m.recordClose(CloseInitiator.APPLICATION, 4002);
        m.recordClose(CloseInitiator.CONTAINER, 1008);
        m.recordClose(CloseInitiator.PROTOCOL, 1002);
        m.recordClose(CloseInitiator.PEER, 3001);
        m.recordClose(CloseInitiator.PEER, 2999);
    }

    private void assertCounter(LongSupplier expected, String name, Tags tags) {
        FunctionCounter counter = registry.get(name).tags(tags).functionCounter();
        assertEquals((double) expected.getAsLong(), counter.count(), name + " " + tags);
    }

    private void assertGauge(LongSupplier expected, String name, Tags tags) {
        Gauge gauge = registry.get(name).tags(tags).gauge();
        assertEquals((double) expected.getAsLong(), gauge.value(), name + " " + tags);
    }
}
