package dev.wharf.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One WebSocket client connection over a non-blocking socket: the RFC 6455 §4.1 handshake, masked frames out, frames
 * in (unmasked, possibly fragmented, split anywhere), pongs for pings and the closing handshake. Confined to its
 * {@link LoadLoop}'s thread: scenarios call {@code send*} and {@link #close} from their callbacks or through
 * {@link LoadLoop#execute}.
 *
 * <p>Optionally offers permessage-deflate (RFC 7692, see {@link DeflateOffer}); only if the server accepts are
 * messages compressed (raw DEFLATE, sync-flushed, the final {@code 00 00 ff ff} removed, RSV1 on the frame) and the
 * server's RSV1 messages inflated. One {@link Deflater} and one {@link Inflater} per connection, reset per message
 * where the agreement keeps no context.
 */
public final class ClientConnection {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_RESPONSE_HEAD = 8192;
    /** A compressed message inflating past this fails the connection. */
    private static final int MAX_INFLATED = 64 << 20;

    enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final LoadLoop loop;
    private final SocketChannel channel;
    private final ConnectionHandler handler;
    private final String requestHead;
    private final String expectedAccept;
    private SelectionKey key;
    private State state = State.CONNECTING;

    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>(4);
    /** Bytes of an incomplete header or handshake response, kept between reads. */
    private byte[] leftover;

    // the frame being read
    private boolean inPayload;
    private long payloadRemaining;
    private int frameOpcode;
    private boolean frameFin;
    // the message being assembled
    private int messageOpcode = -1;
    private byte[] message = new byte[256];
    private int messageLength;
    private final byte[] control = new byte[125];
    private int controlLength;

    // permessage-deflate
    private final DeflateOffer offer;
    private boolean deflate;
    private boolean clientNoContextTakeover;
    private String extensions = "";
    private boolean serverNoContextTakeover;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] compressed;
    private byte[] inflated;
    private boolean messageCompressed;
    private int lastSentWire;
    private int lastReceivedWire;

    /** For the scenario's own per-connection state. */
    public Object attachment;

    ClientConnection(LoadLoop loop, SocketChannel channel, String host, String path, ConnectionHandler handler) {
        this(loop, channel, host, path, handler, DeflateOffer.NONE);
    }

    ClientConnection(LoadLoop loop, SocketChannel channel, String host, String path, ConnectionHandler handler,
            DeflateOffer offer) {
        this.offer = offer;
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        byte[] nonce = new byte[16];
        for (int i = 0; i < 16; i += 4) {
            int r = loop.nextRandom();
            nonce[i] = (byte) r;
            nonce[i + 1] = (byte) (r >>> 8);
            nonce[i + 2] = (byte) (r >>> 16);
            nonce[i + 3] = (byte) (r >>> 24);
        }
        String key = Base64.getEncoder().encodeToString(nonce);
        this.expectedAccept = accept(key);
        this.requestHead = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (offer.header != null ? "Sec-WebSocket-Extensions: " + offer.header + "\r\n" : "") + "\r\n";
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    public LoadLoop loop() {
        return loop;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Whether the server accepted permessage-deflate (known once open). */
    public boolean deflateNegotiated() {
        return deflate;
    }

    /** The server's {@code Sec-WebSocket-Extensions} value, empty if it sent none. */
    public String negotiatedExtensions() {
        return extensions;
    }

    /** Payload bytes (compressed if it was) of the last message sent, excluding frame headers. */
    public int lastSentWireLength() {
        return lastSentWire;
    }

    /**
     * Payload bytes as they arrived (compressed if it was, excluding frame headers) of the message being delivered;
     * valid during {@link ConnectionHandler#onMessage}.
     */
    public int lastReceivedWireLength() {
        return lastReceivedWire;
    }

    // ---- sending ---------------------------------------------------------------------------------------------

    public void sendText(byte[] utf8, int length) {
        send(Frames.TEXT, utf8, length);
    }

    public void sendBinary(byte[] data, int length) {
        send(Frames.BINARY, data, length);
    }

    private void send(int opcode, byte[] payload, int length) {
        if (state != State.OPEN) {
            return;
        }
        if (!deflate) {
            lastSentWire = length;
            write(Frames.encode(opcode, payload, 0, length, loop.nextRandom()));
            return;
        }
        int n = compress(payload, length);
        lastSentWire = n;
        write(Frames.encode(opcode, true, compressed, 0, n, loop.nextRandom()));
    }

    /** RFC 7692 §7.2.1 into {@link #compressed}; returns its length (without the final {@code 00 00 ff ff}). */
    private int compress(byte[] payload, int length) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            compressed = new byte[Math.max(256, length + 64)];
        } else if (clientNoContextTakeover) {
            deflater.reset(); // every message stands alone
        }
        deflater.setInput(payload, 0, length);
        int n = 0;
        while (true) {
            if (n == compressed.length) {
                compressed = Arrays.copyOf(compressed, compressed.length * 2);
            }
            n += deflater.deflate(compressed, n, compressed.length - n, Deflater.SYNC_FLUSH);
            if (n < compressed.length && deflater.needsInput()) {
                break;
            }
        }
        // A sync flush ends with an empty stored block: 00 00 ff ff, which the sender removes.
        if (n < 4 || compressed[n - 4] != 0 || compressed[n - 3] != 0 || compressed[n - 2] != (byte) 0xFF
                || compressed[n - 1] != (byte) 0xFF) {
            throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
        }
        return n - 4;
    }

    /**
     * Writes {@code bytes} as they are, once open: a frame header alone, half a frame, anything a hostile peer
     * would send. The connection's own framing is not told, so a scenario that uses this ends it with {@link #abort}.
     */
    public void sendRaw(byte[] bytes) {
        if (state == State.OPEN) {
            write(ByteBuffer.wrap(bytes.clone()));
        }
    }

    /** Starts the closing handshake with 1000; the connection ends when the server's close frame arrives. */
    public void close() {
        if (state == State.OPEN) {
            state = State.CLOSING;
            write(Frames.encode(Frames.CLOSE, new byte[] {0x03, (byte) 0xE8}, 0, 2, loop.nextRandom()));
        } else if (state == State.CONNECTING || state == State.HANDSHAKE) {
            end(false);
        }
    }

    /** Drops the TCP connection at once, without a closing handshake. */
    public void abort() {
        end(false);
    }

    private void write(ByteBuffer bytes) {
        if (output.isEmpty()) {
            try {
                channel.write(bytes);
            } catch (IOException e) {
                fail("write failed: " + e.getMessage());
                return;
            }
            if (!bytes.hasRemaining()) {
                return;
            }
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
        output.add(bytes);
    }

    // ---- selector events -------------------------------------------------------------------------------------

    void onConnectable() {
        try {
            channel.finishConnect();
        } catch (IOException e) {
            fail("connect failed: " + e.getMessage());
            return;
        }
        state = State.HANDSHAKE;
        key.interestOps(SelectionKey.OP_READ);
        write(ByteBuffer.wrap(requestHead.getBytes(StandardCharsets.US_ASCII)));
    }

    void onWritable() {
        try {
            while (!output.isEmpty()) {
                ByteBuffer head = output.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    return;
                }
                output.poll();
            }
        } catch (IOException e) {
            fail("write failed: " + e.getMessage());
            return;
        }
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    void onReadable(ByteBuffer buffer) {
        buffer.clear();
        if (leftover != null) {
            buffer.put(leftover);
            leftover = null;
        }
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            fail(state == State.CLOSING ? null : "read failed: " + e.getMessage());
            return;
        }
        buffer.flip();
        if (state == State.HANDSHAKE && !readHandshake(buffer)) {
            keep(buffer);
            if (n < 0) {
                fail("end of stream during the handshake");
            }
            return;
        }
        if (!readFrames(buffer)) {
            return; // failed or closed
        }
        keep(buffer);
        if (n < 0) {
            if (state == State.CLOSING) {
                end(false);
            } else if (state != State.CLOSED) {
                fail("end of stream without a close frame");
            }
        }
    }

    private void keep(ByteBuffer buffer) {
        if (buffer.hasRemaining() && state != State.CLOSED) {
            leftover = new byte[buffer.remaining()];
            buffer.get(leftover);
        }
    }

    /** Returns true once the response head was read and accepted; false if more bytes are needed or it failed. */
    private boolean readHandshake(ByteBuffer buffer) {
        int end = -1;
        for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
            if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r'
                    && buffer.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            if (buffer.remaining() > MAX_RESPONSE_HEAD) {
                fail("handshake response head over " + MAX_RESPONSE_HEAD + " bytes");
            }
            return false;
        }
        byte[] head = new byte[end - buffer.position()];
        buffer.get(head);
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            fail("handshake refused: " + lines[0]);
            return false;
        }
        String accept = null;
        StringBuilder extensionHeader = new StringBuilder();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Sec-WebSocket-Accept")) {
                accept = line.substring(colon + 1).trim();
            } else if (name.equalsIgnoreCase("Sec-WebSocket-Extensions")) {
                extensionHeader.append(extensionHeader.length() > 0 ? ", " : "")
                        .append(line.substring(colon + 1).trim());
            }
        }
        if (!expectedAccept.equals(accept)) {
            fail("bad Sec-WebSocket-Accept: " + accept);
            return false;
        }
        extensions = extensionHeader.toString();
        if (!extensions.isEmpty()) {
            String problem = acceptExtensions(extensions);
            if (problem != null) {
                fail(problem);
                return false;
            }
        }
        state = State.OPEN;
        handler.onOpen(this);
        return state != State.CLOSED;
    }

    /**
     * Checks the server's extension response against what was offered (RFC 7692 §7.1); sets {@link #deflate}.
     * Returns a problem, or null if acceptable.
     */
    private String acceptExtensions(String header) {
        String[] elements = header.split(",");
        if (offer.header == null) {
            return "server answered extensions that were not offered: " + header;
        }
        if (elements.length != 1) {
            return "more than one extension in the response: " + header;
        }
        String[] parts = elements[0].split(";");
        if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
            return "unknown extension in the response: " + header;
        }
        boolean serverNoContext = false;
        boolean clientNoContext = offer == DeflateOffer.NO_CONTEXT_TAKEOVER;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')).trim() : p;
            String value = p.contains("=") ? p.substring(p.indexOf('=') + 1).trim().replace("\"", "") : null;
            switch (name) {
                case "server_no_context_takeover" -> serverNoContext = true;
                case "client_no_context_takeover" -> clientNoContext = true;
                case "client_max_window_bits" -> { // see DeflateOffer.BROWSER
                    if (offer != DeflateOffer.BROWSER || value == null || !value.matches("8|9|1[0-5]")) {
                        return "unexpected or bad client_max_window_bits in the response: " + header;
                    }
                }
                case "server_max_window_bits" -> { // any window from 8 to 15 inflates with a 15-bit one
                    int bits;
                    try {
                        bits = value == null ? -1 : Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        bits = -1;
                    }
                    if (bits < 8 || bits > 15) {
                        return "bad server_max_window_bits in the response: " + header;
                    }
                }
                default -> {
                    return "unexpected permessage-deflate parameter in the response: " + header;
                }
            }
        }
        if (!serverNoContext && offer == DeflateOffer.NO_CONTEXT_TAKEOVER) {
            return "server dropped server_no_context_takeover, which was offered (RFC 7692 §7.1.1.1): " + header;
        }
        serverNoContextTakeover = serverNoContext;
        clientNoContextTakeover = clientNoContext;
        deflate = true;
        return null;
    }

    /** Consumes whole headers and any payload bytes; returns false if the connection ended. */
    private boolean readFrames(ByteBuffer in) {
        while (state != State.CLOSED) {
            if (!inPayload) {
                if (!readHeader(in)) {
                    return true;
                }
                if (payloadRemaining == 0 && !frameEnd()) {
                    return false;
                }
                continue;
            }
            int n = (int) Math.min(in.remaining(), payloadRemaining);
            if (n == 0) {
                return true;
            }
            if (frameOpcode >= Frames.CLOSE) {
                in.get(control, controlLength, n);
                controlLength += n;
            } else {
                if (messageLength + n > message.length) {
                    message = Arrays.copyOf(message, Math.max(message.length * 2, messageLength + n));
                }
                in.get(message, messageLength, n);
                messageLength += n;
            }
            payloadRemaining -= n;
            if (payloadRemaining == 0 && !frameEnd()) {
                return false;
            }
        }
        return false;
    }

    private boolean readHeader(ByteBuffer in) {
        if (in.remaining() < 2) {
            return false;
        }
        int p = in.position();
        int b0 = in.get(p) & 0xFF;
        int b1 = in.get(p + 1) & 0xFF;
        int len7 = b1 & 0x7F;
        int size = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
        if (in.remaining() < size) {
            return false;
        }
        if ((b1 & 0x80) != 0) {
            return fail("server frame is masked (RFC 6455 §5.1)");
        }
        int opcode = b0 & 0x0F;
        boolean rsv1 = (b0 & 0x40) != 0;
        if ((b0 & 0x30) != 0 || rsv1 && !(deflate && (opcode == Frames.TEXT || opcode == Frames.BINARY))) {
            return fail("reserved bits set: 0x" + Integer.toHexString(b0));
        }
        long length = len7 < 126 ? len7 : len7 == 126 ? in.getShort(p + 2) & 0xFFFF : in.getLong(p + 2);
        in.position(p + size);
        frameOpcode = b0 & 0x0F;
        frameFin = (b0 & 0x80) != 0;
        payloadRemaining = length;
        inPayload = true;
        if (frameOpcode >= Frames.CLOSE) {
            if (length > 125 || !frameFin) {
                return fail("bad control frame");
            }
            controlLength = 0;
        } else if (frameOpcode == Frames.CONTINUATION) {
            if (messageOpcode < 0) {
                return fail("continuation without a message");
            }
        } else if (frameOpcode == Frames.TEXT || frameOpcode == Frames.BINARY) {
            if (messageOpcode >= 0) {
                return fail("new message inside a fragmented one");
            }
            messageOpcode = frameOpcode;
            messageLength = 0;
            messageCompressed = rsv1;
        } else {
            return fail("unknown opcode " + frameOpcode);
        }
        if (length < 0 || length > Integer.MAX_VALUE - 16) {
            return fail("frame too long: " + length);
        }
        return true;
    }

    /** A frame's payload is complete; returns false if the connection ended. */
    private boolean frameEnd() {
        inPayload = false;
        switch (frameOpcode) {
            case Frames.PING -> write(Frames.encode(Frames.PONG, control, 0, controlLength, loop.nextRandom()));
            case Frames.PONG -> { }
            case Frames.CLOSE -> {
                if (state == State.OPEN) {
                    // The server closed first: echo its code, then end.
                    int echoed = controlLength >= 2 ? controlLength : 0;
                    write(Frames.encode(Frames.CLOSE, control, 0, echoed, loop.nextRandom()));
                    handler.onError(this, "server closed the connection: code "
                            + (controlLength >= 2 ? ((control[0] & 0xFF) << 8 | (control[1] & 0xFF)) : 1005)
                            + " " + new String(control, 2, Math.max(0, controlLength - 2), StandardCharsets.UTF_8));
                    end(false);
                } else {
                    end(true);
                }
                return false;
            }
            default -> {
                if (frameFin) {
                    boolean text = messageOpcode == Frames.TEXT;
                    messageOpcode = -1;
                    lastReceivedWire = messageLength;
                    if (messageCompressed) {
                        int n = inflate();
                        if (n < 0) {
                            return false;
                        }
                        handler.onMessage(this, text, inflated, n);
                    } else {
                        handler.onMessage(this, text, message, messageLength);
                    }
                }
            }
        }
        return state != State.CLOSED;
    }

    /** RFC 7692 §7.2.2: {@link #message} plus {@code 00 00 ff ff} into {@link #inflated}; -1 if it failed. */
    private int inflate() {
        if (message.length < messageLength + 4) {
            message = Arrays.copyOf(message, messageLength + 4);
        }
        message[messageLength] = 0;
        message[messageLength + 1] = 0;
        message[messageLength + 2] = (byte) 0xFF;
        message[messageLength + 3] = (byte) 0xFF;
        if (inflater == null) {
            inflater = new Inflater(true);
            inflated = new byte[Math.max(1024, messageLength * 4)];
        } else if (serverNoContextTakeover || inflater.finished()) {
            inflater.reset();
        }
        inflater.setInput(message, 0, messageLength + 4);
        int n = 0;
        try {
            while (true) {
                if (n == inflated.length) {
                    if (n >= MAX_INFLATED) {
                        fail("compressed message inflates past " + MAX_INFLATED + " bytes");
                        return -1;
                    }
                    inflated = Arrays.copyOf(inflated, inflated.length * 2);
                }
                int k = inflater.inflate(inflated, n, inflated.length - n);
                n += k;
                if (n < inflated.length && (inflater.needsInput() || inflater.finished())) {
                    break;
                }
                if (k == 0 && n < inflated.length && inflater.needsDictionary()) {
                    fail("compressed message needs a preset dictionary");
                    return -1;
                }
            }
        } catch (DataFormatException e) {
            fail("compressed message does not inflate: " + e.getMessage());
            return -1;
        }
        return n;
    }

    private boolean fail(String problem) {
        if (state != State.CLOSED && problem != null) {
            handler.onError(this, problem);
        }
        end(false);
        return false;
    }

    private void end(boolean clean) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        output.clear();
        leftover = null;
        message = null;
        if (deflater != null) {
            deflater.end();
        }
        if (inflater != null) {
            inflater.end();
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        loop.closed(this);
        handler.onClosed(this, clean);
    }
}
