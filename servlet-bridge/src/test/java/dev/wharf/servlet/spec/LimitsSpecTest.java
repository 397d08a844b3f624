package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;

/**
 * Message size limits and idle timeouts with their precedence, lowest first: the container's init parameters, the
 * endpoint's {@code @OnMessage(maxMessageSize)}, the session's setters (spec 4.7, javadoc of {@code Session} and
 * {@code WebSocketContainer}; README configuration table).
 */
@DisplayName("Buffer sizes, maxMessageSize and idle timeouts [WSC-4.7, Session, WebSocketContainer]")
class LimitsSpecTest extends SpecHostedTest {

    static final int CONTAINER_TEXT = 2000;
    static final int CONTAINER_BINARY = 3000;
    static final long CONTAINER_IDLE = 1500;

    /** Reports its limits; echoes sizes. Uses the container's defaults. */
    @ServerEndpoint("/limits/container")
    public static class ContainerLimits {
        @OnMessage
        public String text(Session session, String text) {
            return text.equals("limits") ? session.getMaxTextMessageBufferSize() + " "
                    + session.getMaxBinaryMessageBufferSize() + " " + session.getMaxIdleTimeout()
                    + " " + session.getContainer().getDefaultMaxSessionIdleTimeout() : "text " + text.length();
        }

        @OnMessage
        public String binary(ByteBuffer bytes) {
            return "binary " + bytes.remaining();
        }
    }

    @ServerEndpoint("/limits/endpoint")
    public static class EndpointLimits {
        @OnMessage(maxMessageSize = 100)
        public String text(Session session, String text) {
            return text.equals("limits") ? "text " + session.getMaxTextMessageBufferSize() : "text " + text.length();
        }

        @OnMessage(maxMessageSize = 10)
        public String binary(Session session, byte[] bytes) {
            return "binary " + bytes.length + " of " + session.getMaxBinaryMessageBufferSize();
        }
    }

    @ServerEndpoint("/limits/session")
    public static class SessionLimits {
        @OnOpen
        public void open(Session session) {
            session.setMaxTextMessageBufferSize(50);
            session.setMaxIdleTimeout(300);
        }

        @OnMessage(maxMessageSize = 100)
        public String text(Session session, String text) {
            return text.equals("limits") ? session.getMaxTextMessageBufferSize() + " " + session.getMaxIdleTimeout()
                    : "text " + text.length();
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), ContainerLimits.class, EndpointLimits.class,
                        SessionLimits.class)
                .initParam("dev.wharf.maxTextMessageBufferSize", String.valueOf(CONTAINER_TEXT))
                .initParam("dev.wharf.maxBinaryMessageBufferSize", String.valueOf(CONTAINER_BINARY))
                .initParam("dev.wharf.maxIdleTimeout", String.valueOf(CONTAINER_IDLE))
                .build();
    }

    @OnHosts
    @DisplayName("[README configuration] container init parameters are the sessions' defaults")
    void containerDefaults(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/container"))) {
            assertEquals(CONTAINER_TEXT + " " + CONTAINER_BINARY + " " + CONTAINER_IDLE + " " + CONTAINER_IDLE,
                    ws.ask("limits"));
            assertEquals("text " + CONTAINER_TEXT, ws.ask("x".repeat(CONTAINER_TEXT)));
            ws.sendBinary(new byte[CONTAINER_BINARY]);
            assertEquals("binary " + CONTAINER_BINARY, ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[Session.getMaxTextMessageBufferSize] a text message over the container's limit closes with 1009")
    void containerTextLimit(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/container"))) {
            ws.sendText("x".repeat(CONTAINER_TEXT + 1));
            assertEquals(1009, ws.awaitClose().code());
        }
    }

    @OnHosts
    @DisplayName("[Session.getMaxBinaryMessageBufferSize] a binary message over the container's limit closes with 1009")
    void containerBinaryLimit(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/container"))) {
            ws.sendBinary(new byte[CONTAINER_BINARY + 1]);
            assertEquals(1009, ws.awaitClose().code());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7 maxMessageSize] @OnMessage(maxMessageSize) overrides the container; over it: 1009")
    void endpointBeatsContainer(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/endpoint"))) {
            assertEquals("text 100", ws.ask("limits"));
            assertEquals("text 100", ws.ask("y".repeat(100)));
            ws.sendBinary(new byte[10]);
            assertEquals("binary 10 of 10", ws.nextText());
            ws.sendText("y".repeat(101));
            assertEquals(1009, ws.awaitClose().code());
        }
        try (Ws ws = Ws.connect(host.wsUri("/limits/endpoint"))) {
            ws.sendBinary(new byte[11]);
            assertEquals(1009, ws.awaitClose().code());
        }
    }

    @OnHosts
    @DisplayName("[Session.setMaxTextMessageBufferSize] the session's setter overrides the endpoint's maxMessageSize")
    void sessionBeatsEndpoint(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/session"))) {
            assertEquals("50 300", ws.ask("limits"));
            ws.sendText("z".repeat(51));
            assertEquals(1009, ws.awaitClose().code());
        }
    }

    @OnHosts
    @DisplayName("[Session.setMaxIdleTimeout] the session's idle timeout closes a silent session with 1001")
    void sessionIdleTimeout(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/session"))) {
            assertEquals(1001, ws.awaitClose().code());
        }
    }

    @OnHosts
    @DisplayName("[WebSocketContainer.getDefaultMaxSessionIdleTimeout] the container's idle timeout closes with 1001")
    void containerIdleTimeout(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/limits/container"))) {
            long start = System.nanoTime();
            assertEquals(1001, ws.awaitClose().code());
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertEquals(true, waited >= CONTAINER_IDLE - 500, "closed after " + waited + " ms");
        }
    }
}
