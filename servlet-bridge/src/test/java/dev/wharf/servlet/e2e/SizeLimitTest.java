package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.e2e.endpoints.SmallEndpoint;
import dev.wharf.servlet.hosts.Host;
import org.junit.jupiter.api.DisplayName;

@DisplayName("message size limits")
class SizeLimitTest extends HostedTest {

    @HostTest
    @DisplayName("[WSC 4.7 maxMessageSize] a text message of exactly the maximum is delivered")
    void messageAtTheLimitIsDelivered(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/small"))) {
            ws.sendText("x".repeat(SmallEndpoint.MAX));
            assertEquals("got " + SmallEndpoint.MAX, ws.readFrame().text());
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7 maxMessageSize, RFC 6455 §7.4.1] a text message over the maximum closes with 1009")
    void messageOverTheLimitCloses1009(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/small"))) {
            ws.sendText("x".repeat(2 * SmallEndpoint.MAX));
            assertEquals(1009, ws.readUntilClose().closeCode());
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7 maxMessageSize] the limit applies to the whole message, not each fragment: 1009")
    void fragmentedMessageOverTheLimitCloses1009(Host host) throws Exception {
        byte[] part = "y".repeat(SmallEndpoint.MAX / 2 + 1).getBytes();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/small"))) {
            ws.sendFrame(false, 0, RawWebSocket.TEXT, part, true);
            ws.sendFrame(true, 0, RawWebSocket.CONTINUATION, part, true);
            assertEquals(1009, ws.readUntilClose().closeCode());
        }
    }
}
