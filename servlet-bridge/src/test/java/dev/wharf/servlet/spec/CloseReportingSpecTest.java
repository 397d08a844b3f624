package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import dev.wharf.session.WebSocketSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

/**
 * What a server endpoint is told when its session closes, and when: the code per cause (spec 2.1.5,
 * [WSC-4.7.1-1]), {@code isOpen()} against {@code onClose}, {@code onClose} failures [WSC-5.2.2-2]; and failed
 * asynchronous {@code sendObject}s, reported, never thrown (javadoc of {@code RemoteEndpoint.Async}).
 */
@DisplayName("Close reporting and failed asynchronous sends [WSC-2.1.5, WSC-4.7.1-1, WSC-5.2.2-2]")
class CloseReportingSpecTest extends SpecHostedTest {

    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
    /** The session of the latest {@link SlowClose}, and what its onClose waits for. */
    static volatile Session slowSession;
    static volatile CountDownLatch releaseSlowClose = new CountDownLatch(0);

    @ServerEndpoint("/limited")
    public static class Limited {
        @OnMessage(maxMessageSize = 5)
        public String echo(String text) {
            return text;
        }

        @OnClose
        public void close(CloseReason reason) {
            EVENTS.add("limited " + reason.getCloseCode().getCode());
        }
    }

    /** A value whose encoder always fails with an unchecked exception, as the official TCK's does. */
    public static class Fragile {
    }

    public static class FragileEncoder implements Encoder.Text<Fragile> {
        @Override
        public String encode(Fragile value) {
            throw new IllegalStateException("fragile on purpose");
        }
    }

    @ServerEndpoint(value = "/fragile", encoders = FragileEncoder.class)
    public static class FragileSender {
        @OnMessage
        public String send(Session session, String how) throws Exception {
            try {
                if (how.equals("future")) {
                    try {
                        session.getAsyncRemote().sendObject(new Fragile()).get(10, TimeUnit.SECONDS);
                        return "sent";
                    } catch (ExecutionException e) {
                        return "ExecutionException " + e.getCause().getClass().getSimpleName();
                    }
                }
                CompletableFuture<SendResult> result = new CompletableFuture<>();
                session.getAsyncRemote().sendObject(new Fragile(), result::complete);
                SendResult r = result.get(10, TimeUnit.SECONDS);
                return r.isOK() ? "sent" : "SendResult " + r.getException().getClass().getSimpleName();
            } catch (RuntimeException e) {
                return "threw " + e; // what must not happen
            }
        }
    }

    /** Its onClose reports what isOpen() says, then waits for the test. */
    public static class SlowClose extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            slowSession = session;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> EVENTS.add(text));
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            EVENTS.add("slow close " + reason.getCloseCode().getCode() + " open=" + session.isOpen());
            try {
                releaseSlowClose.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A programmatic endpoint whose onClose throws. */
    public static class ThrowingClose extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            EVENTS.add("throwing close " + reason.getCloseCode().getCode());
            throw new ArithmeticException("onClose failed on purpose");
        }

        @Override
        public void onError(Session session, Throwable error) {
            EVENTS.add("error " + error.getMessage());
        }
    }

    public static class AppConfig implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return Set.of(ServerEndpointConfig.Builder.create(SlowClose.class, "/slow-close").build(),
                    ServerEndpointConfig.Builder.create(ThrowingClose.class, "/throwing-close").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return scanned;
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), AppConfig.class, Limited.class,
                FragileSender.class).build();
    }

    private static String nextEvent() throws InterruptedException {
        String event = EVENTS.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no endpoint event within 10 s");
        return event;
    }

    @OnHosts
    @DisplayName("[WSC-4.7.1-1] a message over maxMessageSize closes with 1009, and the endpoint's onClose sees 1009")
    void tooBigReports1009BothWays(Host host) throws Exception {
        EVENTS.clear();
        try (Ws ws = Ws.connect(host.wsUri("/limited"))) {
            assertEquals("12345", ws.ask("12345"));
            ws.sendText("123456");
            assertEquals(1009, ws.awaitClose().code());
            assertEquals("limited 1009", nextEvent());
        }
    }

    @OnHosts
    @DisplayName("[RemoteEndpoint.Async.sendObject] an encoder's runtime exception fails the Future / SendResult")
    void encoderFailureIsReportedNotThrown(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/fragile"))) {
            assertEquals("ExecutionException EncodeException", ws.ask("future"));
            assertEquals("SendResult EncodeException", ws.ask("handler"));
            assertEquals("ExecutionException EncodeException", ws.ask("future"), "the session stays usable");
        }
    }

    @OnHosts
    @DisplayName("[Session.isOpen] the server session says open until its onClose returned")
    void isOpenTurnsFalseAfterOnClose(Host host) throws Exception {
        EVENTS.clear();
        releaseSlowClose = new CountDownLatch(1);
        try (Ws ws = Ws.connect(host.wsUri("/slow-close"))) {
            ws.sendText("hello");
            assertEquals("hello", nextEvent());
            Session session = slowSession;
            ws.closeNormally();
            assertEquals("slow close 1000 open=true", nextEvent());
            assertTrue(session.isOpen(), "onClose is still running");
            releaseSlowClose.countDown();
            assertTrue(((WebSocketSession) session).awaitClosed(10_000));
            assertFalse(session.isOpen());
        } finally {
            releaseSlowClose.countDown();
        }
    }

    @OnHosts
    @DisplayName("[WSC-5.2.2-2] an exception thrown by a programmatic endpoint's onClose reaches its onError")
    void onCloseFailureReachesOnError(Host host) throws Exception {
        EVENTS.clear();
        try (Ws ws = Ws.connect(host.wsUri("/throwing-close"))) {
            ws.closeNormally();
            assertEquals("throwing close 1000", nextEvent());
            assertEquals("error onClose failed on purpose", nextEvent());
        }
    }
}
