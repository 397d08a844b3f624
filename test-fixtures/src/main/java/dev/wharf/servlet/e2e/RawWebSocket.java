package dev.wharf.servlet.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately tiny WebSocket client over a plain socket, for exact bytes and malformed input: it writes whatever
 * frame it is told to (masked or not, any opcode, any RSV bits) and reads frames back without interpreting them.
 * Every read has a timeout, so a test never hangs on a silent server. Shared by the servlet bridge's end-to-end tests
 * and the Boot tests (module {@code test-fixtures}).
 */
public final class RawWebSocket implements Closeable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Response handshake;

    private RawWebSocket(Socket socket, InputStream in, Response handshake) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** A status line and headers; header names keep their case as sent, lookups ignore it. */
    public record Response(int status, List<Map.Entry<String, String>> headers) {
        public List<String> values(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        public String value(String name) {
            List<String> values = values(name);
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /** One frame as it came off the wire. */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        public int closeCode() {
            if (opcode != CLOSE) {
                throw new IllegalStateException("not a close frame: opcode " + opcode);
            }
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", masked=" + masked + ", length="
                    + payload.length + "]";
        }
    }

    /** A handshake request under construction; headers can be replaced or removed to make it invalid. */
    public static final class Request {
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int receiveBuffer;

        private Request(URI uri) {
            this.uri = uri;
            headers.put("Host", uri.getHost() + ":" + uri.getPort());
            headers.put("Upgrade", "websocket");
            headers.put("Connection", "Upgrade");
            headers.put("Sec-WebSocket-Key", newKey());
            headers.put("Sec-WebSocket-Version", "13");
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request without(String name) {
            headers.remove(name);
            return this;
        }

        /**
         * The handshake as browsers send it: no {@code Content-Length} (the JDK client sends
         * {@code Content-Length: 0}), an {@code Origin} of the same host, {@code Connection: keep-alive, Upgrade}
         * (a list, not a single token), and the cache and encoding headers browsers add.
         */
        public Request asBrowser() {
            String host = headers.get("Host");
            headers.put("Connection", "keep-alive, Upgrade");
            headers.put("Pragma", "no-cache");
            headers.put("Cache-Control", "no-cache");
            headers.put("Origin", "http://" + host);
            headers.put("Accept-Encoding", "gzip, deflate, br");
            return this;
        }

        public String key() {
            return headers.get("Sec-WebSocket-Key");
        }

        /** A small socket receive buffer (set before connecting, so the advertised window stays small). */
        public Request receiveBuffer(int bytes) {
            receiveBuffer = bytes;
            return this;
        }

        /** Sends the request and reads the response head; the socket stays open if the status is 101. */
        public RawWebSocket open() throws IOException {
            Socket socket = new Socket();
            try {
                if (receiveBuffer > 0) {
                    socket.setReceiveBufferSize(receiveBuffer);
                }
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), READ_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                StringBuilder head = new StringBuilder("GET ").append(uri.getRawPath())
                        .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                head.append("\r\n");
                socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                return new RawWebSocket(socket, in, readHead(in));
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    public static Request request(URI wsUri) {
        return new Request(wsUri);
    }

    /** Opens a connection and fails unless the server answers 101 with the right accept value. */
    public static RawWebSocket connect(URI wsUri) throws IOException {
        return connect(request(wsUri));
    }

    /** Opens the connection {@code request} describes and fails unless the server answers 101 with the right accept. */
    public static RawWebSocket connect(Request request) throws IOException {
        RawWebSocket ws = request.open();
        if (ws.handshake.status() != 101 || !acceptFor(request.key()).equals(ws.handshake.value("Sec-WebSocket-Accept"))) {
            ws.close();
            throw new IOException("handshake failed: " + ws.handshake);
        }
        return ws;
    }

    public Response handshake() {
        return handshake;
    }

    /**
     * A final client frame of under 126 payload bytes with the all-zero mask (legal; the payload goes as it is), as
     * bytes a test may cut anywhere or send in one packet with the handshake.
     */
    public static byte[] zeroMaskedFrame(int opcode, byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes: at most 125 here");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    private static Response readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the response head: " + lines);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        String[] statusLine = lines.get(0).split(" ", 3);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            headers.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
        }
        return new Response(Integer.parseInt(statusLine[1]), List.copyOf(headers));
    }

    // ---- writing

    public void send(int opcode, byte[] payload) throws IOException {
        sendFrame(true, 0, opcode, payload, true);
    }

    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendClose(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text);
        send(CLOSE, payload.array());
    }

    /** Writes one frame exactly as described; {@code rsv} is the three RSV bits as a number 0-7. */
    public void sendFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            byte[] masking = payload.clone();
            for (int i = 0; i < masking.length; i++) {
                masking[i] ^= mask[i & 3];
            }
            frame.writeBytes(masking);
        } else {
            frame.writeBytes(payload);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes arbitrary bytes, e.g. half a frame. */
    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    // ---- reading

    /** Reads the next frame; fails with {@link SocketTimeoutException} after 10 s of silence. */
    public Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = ByteBuffer.wrap(readFully(8)).getLong();
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] mask = masked ? readFully(4) : null;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame too long for a test: " + length);
        }
        byte[] payload = readFully((int) length);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0xF, masked, payload);
    }

    /** Reads frames until a close frame, skipping data and pings/pongs; fails on EOF first. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** Whether the server closes the TCP connection (EOF or reset) within the read timeout. */
    public boolean awaitEndOfStream() throws IOException {
        try {
            while (in.read() >= 0) {
                // the peer may still be flushing; ignore anything after the close frame
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed by the server");
        }
        return b;
    }

    private byte[] readFully(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("connection closed by the server after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** Changes the read timeout (10 s by default). */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
