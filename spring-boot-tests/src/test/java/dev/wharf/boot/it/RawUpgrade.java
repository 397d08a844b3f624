package dev.wharf.boot.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A handshake written byte for byte as browsers send it (a GET with no {@code Content-Length}, an {@code Origin}, a
 * {@code Connection: keep-alive, Upgrade} list), then one masked text frame and the server's unmasked reply. Small
 * and exact on purpose: what the JDK client sends is not what a browser sends.
 */
final class RawUpgrade implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    final int status;
    final Map<String, String> headers;
    final String expectedAccept;
    private final Socket socket;
    private final InputStream in;

    private RawUpgrade(Socket socket, int status, Map<String, String> headers, String expectedAccept)
            throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.status = status;
        this.headers = headers;
        this.expectedAccept = expectedAccept;
    }

    static RawUpgrade open(int port, String path) throws Exception {
        return open(port, path, "");
    }

    /** With {@code extraHeaders} (complete lines, each ending in CRLF) after the browser's own. */
    static RawUpgrade open(int port, String path, String extraHeaders) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String host = "127.0.0.1:" + port;
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Connection: keep-alive, Upgrade\r\n"
                + "Pragma: no-cache\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Upgrade: websocket\r\n"
                + "Origin: http://" + host + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Accept-Encoding: gzip, deflate, br\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + extraHeaders
                + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();

        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        return new RawUpgrade(socket, status, headers, accept);
    }

    /** RFC 6455 §5.2, §5.3: a single masked text frame with a payload under 126 bytes. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short messages only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** The next frame's header byte, mask bit and payload: a server's frames must be unmasked (RFC 6455 §5.1). */
    record Frame(int first, boolean masked, String text) {}

    Frame readFrame() throws IOException {
        int first = readByte(in);
        int second = readByte(in);
        long length = second & 0x7F;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            throw new IOException("unexpectedly long frame");
        }
        byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new IOException("connection ended inside a frame");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(first, mask != null, new String(payload, StandardCharsets.UTF_8));
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection ended");
        }
        return b;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = readByte(in); b != '\n'; b = readByte(in)) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
