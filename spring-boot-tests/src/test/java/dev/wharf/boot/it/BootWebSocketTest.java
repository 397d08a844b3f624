package dev.wharf.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.server.WharfServerContainer;
import dev.wharf.servlet.e2e.JdkClient;
import dev.wharf.servlet.e2e.RawWebSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One Boot application on the embedded server this test JVM has on its class path (the surefire execution names it
 * in {@code wharf.boot.expected-server}), reached by real clients: Wharf must serve {@code @ServerEndpoint} beans,
 * Spring's {@code WebSocketHandler} and STOMP, with only the starter and the documented exclusions.
 */
class BootWebSocketTest {

    private static RunningApp app;

    @BeforeAll
    static void start() {
        // Only in a run whose class path holds one embedded server and no second WebSocket implementation.
        assumeTrue(System.getProperty("wharf.boot.expected-server") != null, "no wharf.boot.expected-server");
        app = RunningApp.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @DisplayName("Boot chose the embedded server this run is about")
    void runsOnTheExpectedServer() throws Exception {
        String expected = System.getProperty("wharf.boot.expected-server");
        assertTrue(app.webServer().startsWith(expected),
                "expected a " + expected + " web server, Boot started " + app.webServer());
    }

    @Test
    @DisplayName("spec 6.4: the jakarta.websocket.server.ServerContainer attribute is Wharf's")
    void serverContainerIsWharfs() {
        assertInstanceOf(WharfServerContainer.class,
                app.servletContextAttribute("jakarta.websocket.server.ServerContainer"));
    }

    @Test
    @DisplayName("Wharf's init parameters come from server.servlet.context-parameters")
    void initParametersFromBootProperties() {
        WharfServerContainer container = (WharfServerContainer) app.servletContextAttribute(
                "jakarta.websocket.server.ServerContainer");
        assertEquals(12345, container.getDefaultMaxTextMessageBufferSize());
    }

    @Test
    @DisplayName("Spring's ServletServerContainerFactoryBean configures Wharf's container")
    void servletServerContainerFactoryBeanConfiguresWharf() {
        WharfServerContainer container = (WharfServerContainer) app.servletContextAttribute(
                "jakarta.websocket.server.ServerContainer");
        assertEquals(123_456L, container.getDefaultMaxSessionIdleTimeout());
    }

    @Test
    @DisplayName("@ServerEndpoint bean deployed by ServerEndpointExporter echoes")
    void annotatedEndpointEchoes() throws Exception {
        try (JdkClient client = JdkClient.connect(URI.create(app.ws("/annotated-echo")))) {
            client.sendText("hello over @ServerEndpoint");
            assertEquals("hello over @ServerEndpoint", client.nextText());
            client.sendText("second");
            assertEquals("second", client.nextText());
        }
    }

    @Test
    @DisplayName("RemoteEndpoint.Async with a SendHandler completes with an OK SendResult")
    void asyncSendCompletes() throws Exception {
        try (JdkClient client = JdkClient.connect(URI.create(app.ws("/async-echo")))) {
            client.sendText("async");
            assertEquals("async", client.nextText());
            assertEquals("sent", client.nextText());
        }
    }

    @Test
    @DisplayName("Spring WebSocketHandler (@EnableWebSocket) echoes through upgradeHttpToWebSocket")
    void springHandlerEchoes() throws Exception {
        try (JdkClient client = JdkClient.connect(URI.create(app.ws("/spring-echo")))) {
            client.sendText("hello over WebSocketHandler");
            assertEquals("hello over WebSocketHandler", client.nextText());
        }
    }

    @Test
    @DisplayName("STOMP CONNECT, SUBSCRIBE, SEND to a @MessageMapping, MESSAGE back, over plain WebSocket")
    void stompRoundTrip() throws Exception {
        try (JdkClient client = JdkClient.connect(URI.create(app.ws("/stomp")))) {
            client.sendText(Stomp.frame("CONNECT", headers("accept-version", "1.2", "host", "127.0.0.1",
                    "heart-beat", "0,0"), ""));
            Stomp.Frame connected = Stomp.Frame.parse(client.nextText());
            assertEquals("CONNECTED", connected.command(), connected.toString());
            assertEquals("1.2", connected.headers().get("version"));

            client.sendText(Stomp.frame("SUBSCRIBE", headers("id", "sub-0", "destination", "/topic/shouts"), ""));
            client.sendText(Stomp.frame("SEND", headers("destination", "/app/shout", "content-type", "text/plain"),
                    "hello stomp"));

            Stomp.Frame message = Stomp.Frame.parse(client.nextText());
            assertEquals("MESSAGE", message.command(), message.toString());
            assertEquals("/topic/shouts", message.headers().get("destination"));
            assertEquals("sub-0", message.headers().get("subscription"));
            assertEquals("HELLO STOMP", message.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/annotated-echo", "/spring-echo"})
    @DisplayName("RFC 6455 §4.1/§4.2.2: a browser-shaped handshake (no Content-Length) gets 101 and a working socket")
    void browserShapedHandshake(String path) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + app.port + path);
        RawWebSocket.Request browser = RawWebSocket.request(uri).asBrowser();
        try (RawWebSocket raw = browser.open()) {
            RawWebSocket.Response head = raw.handshake();
            assertEquals(101, head.status(), head.toString());
            assertEquals("websocket", head.value("Upgrade").toLowerCase(Locale.ROOT));
            assertEquals(RawWebSocket.acceptFor(browser.key()), head.value("Sec-WebSocket-Accept"));
            raw.sendText("raw hello");
            RawWebSocket.Frame frame = raw.readFrame();
            assertTrue(frame.fin() && frame.opcode() == RawWebSocket.TEXT && frame.rsv() == 0, frame.toString());
            assertFalse(frame.masked(), "RFC 6455 §5.1: a server never masks");
            assertEquals("raw hello", frame.text());
        }
    }

    @Test
    @DisplayName("the application's filters (at Spring Security's order) see a @ServerEndpoint handshake first")
    void applicationFiltersComeFirst() throws Exception {
        try (RawWebSocket raw = RawWebSocket.request(URI.create("ws://127.0.0.1:" + app.port + "/annotated-echo"))
                .asBrowser().header("X-Gate", "closed").open()) {
            assertEquals(403, raw.handshake().status(), raw.handshake().toString());
        }
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
