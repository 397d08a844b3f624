package dev.wharf.tck.wire;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, with no protocol checks of its own on what it sends: the suite's only way
 * to talk to a server. Reads are blocking with a deadline; one thread per connection.
 */
public final class WireConnection implements AutoCloseable {

    /** What {@link #next} saw: a frame, the end of the connection, or nothing before the deadline. */
    public sealed interface Received permits Got, End, Silence {}

    public record Got(Frame frame) implements Received {}

    /** The server closed (or reset) the TCP connection. */
    public record End(String how) implements Received {}

    public record Silence() implements Received {}

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final HttpHead handshake;
    private boolean ended;

    private WireConnection(Socket socket, DataInputStream in, HttpHead handshake) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** A fresh key, as RFC 6455 §4.1 requires: 16 random bytes, base64. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The {@code Sec-WebSocket-Accept} value a server must answer {@code key} with (RFC 6455 §4.2.2). */
    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header fields of a valid opening handshake for {@code uri}, in order, to modify for refusal cases. */
    public static Map<String, String> validHandshake(URI uri) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", uri.getHost() + ":" + port(uri));
        h.put("Upgrade", "websocket");
        h.put("Connection", "Upgrade");
        h.put("Sec-WebSocket-Key", newKey());
        h.put("Sec-WebSocket-Version", "13");
        return h;
    }

    /**
     * Connects and sends a handshake with exactly {@code headers} (a {@code null} value leaves a field out); returns
     * once the response head is read. The connection is usable for frames only if the status is 101.
     */
    public static WireConnection connect(URI uri, Map<String, String> headers, Duration timeout) throws IOException {
        if (!"ws".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// targets are supported: " + uri);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            StringBuilder request = new StringBuilder();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            request.append("GET ").append(path).append(" HTTP/1.1\r\n");
            headers.forEach((name, value) -> {
                if (value != null) {
                    request.append(name).append(": ").append(value).append("\r\n");
                }
            });
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
            return new WireConnection(socket, in, HttpHead.read(in));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Connects with a valid handshake and checks the 101 answer; throws if the server did not upgrade. */
    public static WireConnection open(URI uri, Duration timeout) throws IOException {
        Map<String, String> headers = validHandshake(uri);
        WireConnection c = connect(uri, headers, timeout);
        HttpHead head = c.handshake;
        String expected = acceptFor(headers.get("Sec-WebSocket-Key"));
        if (head.status() != 101 || !head.field("Sec-WebSocket-Accept").orElse("").equals(expected)) {
            c.close();
            throw new IOException("opening handshake refused or wrong: " + head.statusLine() + ", accept "
                    + head.field("Sec-WebSocket-Accept").orElse("(none)"));
        }
        return c;
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    public HttpHead handshake() {
        return handshake;
    }

    public void send(Frame frame) throws IOException {
        sendRaw(frame.encodeMasked());
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Sends {@code bytes} in pieces of {@code chunk} bytes, flushing each and pausing {@code pauseMillis} between
     * them so the server reads them in separate TCP segments.
     */
    public void sendChopped(byte[] bytes, int chunk, long pauseMillis) throws IOException {
        for (int i = 0; i < bytes.length; i += chunk) {
            out.write(bytes, i, Math.min(chunk, bytes.length - i));
            out.flush();
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    /** The next frame from the server, the end of the connection, or silence until {@code timeout} passes. */
    public Received next(Duration timeout) throws IOException {
        if (ended) {
            return new End("already ended");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            int b0 = in.read();
            if (b0 < 0) {
                ended = true;
                return new End("TCP connection closed");
            }
            // The frame has begun; the rest of it must follow within the same deadline (but at least 1 s).
            long left = Math.max(1_000, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) left);
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            if (len < 0 || len > Integer.MAX_VALUE - 8) {
                throw new IOException("server frame with impossible length " + len);
            }
            boolean masked = (b1 & 0x80) != 0;
            byte[] key = new byte[4];
            if (masked) {
                in.readFully(key);
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            if (masked) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= key[i & 3];
                }
            }
            return new Got(new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0xF, payload, masked));
        } catch (SocketTimeoutException e) {
            return new Silence();
        } catch (EOFException e) {
            ended = true;
            return new End("TCP connection closed in the middle of a frame");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("server frame")) {
                throw e;
            }
            ended = true;
            return new End("TCP connection reset (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the case is over
        }
    }
}
