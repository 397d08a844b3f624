package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The handshake as browsers, curl and most clients send it: a GET with no {@code Content-Length}. (The JDK client
 * adds {@code Content-Length: 0}, so the JDK-based tests alone would not notice if only that form worked.)
 */
class BrowserStyleHandshakeTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    @Test
    void echoesAfterAHandshakeWithoutContentLength() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", samples.http("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);

            // RFC 6455 §5.7: a masked single-frame text message "Hello"
            out.write(new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d,
                    0x51, 0x58});
            byte[] reply = in.readNBytes(7);
            assertArrayEquals(new byte[] {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'}, reply,
                    () -> "got " + new String(reply, StandardCharsets.ISO_8859_1));
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
