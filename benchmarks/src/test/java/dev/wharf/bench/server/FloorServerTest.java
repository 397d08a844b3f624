package dev.wharf.bench.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The floor is a measuring stick, but a correct one: handshake, echo and close as RFC 6455 has them. */
class FloorServerTest {

    private static FloorServer floor(boolean batched) {
        return batched ? new FloorServer.Batched() : new FloorServer.PerMessage();
    }

    /** The floor's frames on Tomcat's servlet upgrade: the same handshake, echo and close. */
    @org.junit.jupiter.api.Test
    void onTomcatsServletUpgradeTheJdkClientHandshakesEchoesAndCloses() throws Exception {
        int port = freePort();
        try (AutoCloseable server = new TomcatServers.Floor().start(port)) {
            exchange(port);
        }
    }

    /** The floor's frames on Jetty's host, handed over after the 101 as Wharf's Jetty transport is. */
    @org.junit.jupiter.api.Test
    void onJettysHandOverTheJdkClientHandshakesEchoesAndCloses() throws Exception {
        int port = freePort();
        try (AutoCloseable server = new FloorJettyServlet.Server().start(port)) {
            exchange(port);
        }
    }

    /**
     * Jetty's hand-over: a frame sent right behind the handshake (in the same packet) is answered, an unmasked one
     * closes with 1002 and ends TCP, and another path is refused with 404.
     */
    @org.junit.jupiter.api.Test
    void onJettysHandOverBytesBehindTheHandshakeAreFramesAndOtherPathsAre404() throws Exception {
        int port = freePort();
        try (AutoCloseable server = new FloorJettyServlet.Server().start(port);
                Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] head = ("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            // a masked "hi" (mask 0, so the payload reads as sent) then an unmasked one, in one write with the head
            byte[] frames = {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i', (byte) 0x81, 0x02, 'h', 'i'};
            byte[] all = java.util.Arrays.copyOf(head, head.length + frames.length);
            System.arraycopy(frames, 0, all, head.length, frames.length);
            out.write(all);
            String answer = new String(readHead(in), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 101 "), answer);
            assertTrue(answer.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), answer);
            assertArrayEquals(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}, in.readNBytes(4));
            assertArrayEquals(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xEA}, in.readNBytes(4));
            assertEquals(-1, in.read(), "the server closes TCP after its close frame");
        }
        try (AutoCloseable server = new FloorJettyServlet.Server().start(port);
                Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /room HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readHead(socket.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest(name = "batched={0}")
    @ValueSource(booleans = {false, true})
    void jdkClientHandshakesEchoesAndCloses(boolean batched) throws Exception {
        int port = freePort();
        try (AutoCloseable server = floor(batched).start(port)) {
            exchange(port);
        }
    }

    private static void exchange(int port) throws Exception {
        {
            ReceivedMessages received = new ReceivedMessages();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), received).get(10, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertEquals("hello", received.next());
            // 70,000 bytes: a 64-bit length, and more than one read of the floor's 64 KiB buffer
            byte[] large = new byte[70_000];
            new java.util.Random(1).nextBytes(large);
            ws.sendBinary(ByteBuffer.wrap(large), true).get(10, TimeUnit.SECONDS);
            assertArrayEquals(large, (byte[]) received.next());
            // RFC 6455 §5.4: a fragmented message comes back whole
            ws.sendText("frag", false).get(10, TimeUnit.SECONDS);
            ws.sendText("mented", true).get(10, TimeUnit.SECONDS);
            assertEquals("fragmented", received.next());
            ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            // §5.5.1: the close frame answered with the code received
            assertEquals("close 1000", received.next());
        }
    }

    @ParameterizedTest(name = "batched={0}")
    @ValueSource(booleans = {false, true})
    void unmaskedClientFrameClosesWith1002AndEndsTcp(boolean batched) throws Exception {
        int port = freePort();
        try (AutoCloseable server = floor(batched).start(port); Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = new String(readHead(in), StandardCharsets.US_ASCII);
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            // RFC 6455 §1.3's worked example of the accept value
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
            // §5.1: a client frame without the mask bit is a protocol error
            out.write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
            assertArrayEquals(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xEA}, in.readNBytes(4));
            assertEquals(-1, in.read(), "the server closes TCP after its close frame");
        }
    }

    @ParameterizedTest(name = "batched={0}")
    @ValueSource(booleans = {false, true})
    void otherPathIsRefusedWith404(boolean batched) throws Exception {
        int port = freePort();
        try (AutoCloseable server = floor(batched).start(port); Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /room HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return head.toByteArray();
            }
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return h;
            }
        }
    }
}
