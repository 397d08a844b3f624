package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The container's keep-alive from the web application's init parameters ({@code dev.wharf.pingInterval},
 * {@code dev.wharf.pongTimeout}), for an endpoint that uses no Wharf API and has no {@code @OnOpen}: its open runs no
 * application code, and still the container's default applies to it, on every host transport (on Undertow's on the
 * connection's I/O thread). The client sends the handshake a browser sends.
 */
@DisplayName("the container's keep-alive default")
class ContainerKeepAliveTest extends HostedTest {

    /** No @OnOpen, nothing of Wharf's own. */
    @ServerEndpoint("/plain-echo")
    public static class PlainEcho {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at(E2eApp.CONTEXT_PATH)
                .initializer(E2eApp.initializer(), Set.of(PlainEcho.class))
                .initParam("dev.wharf.pingInterval", "200")
                .initParam("dev.wharf.pongTimeout", "3000")
                .build();
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5.2] pings every interval; answered, the session stays open; unanswered, it closes"
            + " with 1001")
    void pingsAndClosesUnresponsivePeers(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.request(host.wsUri("/plain-echo")).asBrowser().open()) {
            ws.readTimeout(10_000);
            for (int i = 0; i < 3; i++) { // RFC 6455 §5.5.3: a pong carries the ping's payload
                RawWebSocket.Frame ping = ws.readFrame();
                assertEquals(RawWebSocket.PING, ping.opcode(), "frame " + i);
                ws.send(RawWebSocket.PONG, ping.payload());
            }
            ws.sendText("still here");
            RawWebSocket.Frame echo = ws.readFrame();
            while (echo.opcode() == RawWebSocket.PING) {
                ws.send(RawWebSocket.PONG, echo.payload());
                echo = ws.readFrame();
            }
            assertEquals("still here", echo.text());

            RawWebSocket.Frame frame = ws.readFrame(); // from here on no pong is sent
            while (frame.opcode() == RawWebSocket.PING) {
                frame = ws.readFrame();
            }
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(1001, frame.closeCode(), "RFC 6455 §7.4.1: going away");
            assertTrue(frame.closeReason().startsWith("no pong within 3000 ms"), frame.closeReason());
        }
    }
}
