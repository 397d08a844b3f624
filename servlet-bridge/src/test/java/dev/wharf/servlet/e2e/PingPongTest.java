package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.hosts.Host;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("ping and pong")
class PingPongTest extends HostedTest {

    private WebSocketClient jetty;

    @BeforeAll
    void startJetty() throws Exception {
        jetty = JettyClient.newClient();
    }

    @AfterAll
    void stopJetty() throws Exception {
        if (jetty != null) { // null when the hosts could not start
            jetty.stop();
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5.3] a ping gets a pong with the same payload (raw socket, exact frame)")
    void rawPingGetsPong(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            for (byte[] payload : new byte[][] {{1, 2, 0, 3}, {}, new byte[125]}) {
                ws.send(RawWebSocket.PING, payload);
                RawWebSocket.Frame pong = ws.readFrame();
                assertEquals(RawWebSocket.PONG, pong.opcode());
                assertTrue(pong.fin());
                assertFalse(pong.masked(), "RFC 6455 §5.1: server frames are not masked");
                assertEquals(0, pong.rsv());
                assertArrayEquals(payload, pong.payload());
            }
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5.3] Jetty client: a ping gets a pong with the same payload")
    void jettyPingGetsPong(Host host) throws Exception {
        try (JettyClient client = JettyClient.connect(jetty, host.wsUri("/echo"))) {
            byte[] payload = {9, 0, 8, 7};
            client.sendPing(payload);
            byte[] pong = client.pongs.poll(10, TimeUnit.SECONDS);
            assertNotNull(pong, "no pong within 10 s");
            assertArrayEquals(payload, pong);
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7 PongMessage, RFC 6455 §5.5.3] an unsolicited pong reaches @OnMessage(PongMessage)")
    void unsolicitedPongReachesEndpoint(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.send(RawWebSocket.PONG, new byte[] {0x0a, 0x0b, 0x00});
            RawWebSocket.Frame reply = ws.readFrame();
            assertEquals(RawWebSocket.TEXT, reply.opcode());
            assertEquals("pong:0a0b00", reply.text());
        }
    }
}
