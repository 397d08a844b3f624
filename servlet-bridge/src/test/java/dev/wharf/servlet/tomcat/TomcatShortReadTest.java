package dev.wharf.servlet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.e2e.RawWebSocket;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's native transport ends a read pass after a read that emptied the socket, without the read that would find
 * nothing, and relies on Tomcat's re-armed read interest for what comes next. Bytes that arrive after such a pass
 * must start the next one: here each message's second half is sent only once the server has answered a ping sent
 * with its first half, so that half was read, and the pass that read it ended, before the rest arrived.
 */
class TomcatShortReadTest {

    private static Host host;

    @ServerEndpoint("/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        host = Host.named("tomcat").start(WebApp.at("/short").initializer(new WharfInitializer(), Echo.class).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    @DisplayName("the rest of a frame that arrives after a read pass ended is read and answered")
    void bytesAfterAShortReadStartTheNextPass() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            for (int i = 0; i < 50; i++) {
                String text = "message " + i + " cut in two";
                byte[] message = RawWebSocket.zeroMaskedFrame(RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8));
                int cut = 1 + i % (message.length - 1);
                ByteArrayOutputStream first = new ByteArrayOutputStream();
                first.writeBytes(RawWebSocket.zeroMaskedFrame(RawWebSocket.PING, new byte[] {(byte) i}));
                first.write(message, 0, cut);
                ws.sendBytes(first.toByteArray());

                RawWebSocket.Frame pong = ws.readFrame();
                assertEquals(RawWebSocket.PONG, pong.opcode());
                assertEquals(i, pong.payload()[0]);

                ws.sendBytes(Arrays.copyOfRange(message, cut, message.length));
                RawWebSocket.Frame echo = ws.readFrame();
                assertEquals(RawWebSocket.TEXT, echo.opcode());
                assertEquals(text, echo.text());
            }
        }
    }
}
