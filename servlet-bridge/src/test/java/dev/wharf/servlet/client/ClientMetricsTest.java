package dev.wharf.servlet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.client.UpgradeException;
import dev.wharf.client.WharfClientContainer;
import dev.wharf.metrics.CloseInitiator;
import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.EndpointMeters;
import dev.wharf.metrics.WebSocketClientContainerMXBean;
import dev.wharf.metrics.WebSocketEndpointMXBean;
import dev.wharf.metrics.WharfMetrics;
import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #21: a client container's sessions record the same meters as a server's, under its own names, against a
 * Wharf server on each host.
 */
@DisplayName("metrics: a client container's sessions, handshakes and ping round trips (issue #21)")
class ClientMetricsTest {

    private static final long WAIT_S = 10;

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @ClientEndpoint
    public static class Client {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @OnMessage
        public void text(String text) {
            texts.add(text);
        }

        @OnMessage
        public void pong(PongMessage pong) {
            pongs.add(StandardCharsets.UTF_8.decode(pong.getApplicationData()).toString());
        }

        @OnClose
        public void close(CloseReason reason) {
            closed.complete(reason);
        }
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("[RFC 6455 §5.5.2-3] messages, bytes, a timed ping, the application's 1000 close, a 404 refusal; JMX")
    void clientSessionsAreMetered(Host host) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName containerName;
        ObjectName endpointName;
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).build());
             WharfClientContainer container = new WharfClientContainer()) {
            Client client = new Client();
            Session session = container.connectToServer(client, h.wsUri("/echo"));
            ContainerMeters meters = WharfMetrics.of(container);
            assertTrue(meters.isClient() && WharfMetrics.containers().contains(meters), "published once connected");
            EndpointMeters m = meters.endpoint(Client.class.getName());
            assertEquals(1, m.sessionsOpen());

            session.getBasicRemote().sendText("hello"); // 2 + 4 (mask) + 5 bytes out, 2 + 5 in
            assertEquals("hello", client.texts.poll(WAIT_S, TimeUnit.SECONDS));
            session.getBasicRemote().sendPing(ByteBuffer.wrap("rtt".getBytes(StandardCharsets.UTF_8)));
            assertEquals("rtt", client.pongs.poll(WAIT_S, TimeUnit.SECONDS)); // the server's automatic pong
            session.close(); // 1000, by the application
            assertEquals(1000, client.closed.get(WAIT_S, TimeUnit.SECONDS).getCloseCode().getCode());
            assertThrows(UpgradeException.class, () -> container.connectToServer(new Client(), h.wsUri("/nowhere")));

            assertEquals(1, m.sessionsOpened());
            assertEquals(1, m.textMessagesSent());
            assertEquals(1, m.textMessagesReceived());
            assertEquals(1, m.pingsSent());
            assertEquals(1, m.pongsReceived());
            assertEquals(1, m.pingRoundTrips().count(), "the pong echoed our ping");
            assertTrue(m.pingRoundTrips().maxNanos() > 0);
            assertEquals(11 + 9 + 8, m.bytesSent(), "text (2 + 4 + 5), ping (2 + 4 + 3) and close (2 + 4 + 2) out");
            assertTrue(m.bytesReceived() >= 7 + 5, "text and pong in: " + m.bytesReceived());
            assertEquals(1, m.closesWithCode(1000));
            assertEquals(1, m.closesBy(CloseInitiator.APPLICATION));
            assertTrue(eventually(() -> m.sessionsOpen() == 0), "open after the close: " + m.sessionsOpen());
            assertEquals(1, meters.handshakes().accepted());
            assertEquals(1, meters.handshakes().refused(404));
            assertTrue(meters.handshakes().durations().maxNanos() > 0, "the client's handshake time");

            containerName = new ObjectName("dev.wharf:type=WebSocketClientContainer,client=" + meters.clientNumber());
            endpointName = new ObjectName("dev.wharf:type=WebSocketClientEndpoint,client=" + meters.clientNumber()
                    + ",endpoint=" + Client.class.getName());
            WebSocketClientContainerMXBean bean = JMX.newMXBeanProxy(jmx, containerName,
                    WebSocketClientContainerMXBean.class);
            assertEquals(1, bean.getHandshakesAccepted());
            assertEquals(1L, bean.getHandshakesRefused().get("404"));
            WebSocketEndpointMXBean endpoint = JMX.newMXBeanProxy(jmx, endpointName, WebSocketEndpointMXBean.class);
            assertEquals(1, endpoint.getTextMessagesSent());
            assertEquals(1, endpoint.getPingRoundTrips());
            assertEquals(1L, endpoint.getClosesByCode().get("1000"));
        }
        assertFalse(jmx.isRegistered(containerName), "unregistered when the container stops");
        assertFalse(jmx.isRegistered(endpointName));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("with metrics off a client container records and publishes nothing")
    void off(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).build());
             WharfClientContainer container = new WharfClientContainer()) {
            container.defaults().metricsEnabled(false);
            Client client = new Client();
            Session session = container.connectToServer(client, h.wsUri("/echo"));
            session.getBasicRemote().sendText("hello");
            assertEquals("hello", client.texts.poll(WAIT_S, TimeUnit.SECONDS));
            ContainerMeters meters = WharfMetrics.of(container);
            assertFalse(meters.enabled() || WharfMetrics.containers().contains(meters));
            assertEquals(0, meters.endpoint(Client.class.getName()).textMessagesSent());
            session.close();
        }
    }

    /** Whether {@code condition} holds within {@link #WAIT_S}: for a gauge no event of ours announces. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }
}
