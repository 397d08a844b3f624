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

/**
 * One WebSocket client connection over a non-blocking socket: the RFC 6455 §4.1 handshake, masked frames out, frames
 * in (unmasked, possibly fragmented, split anywhere), pongs for pings and the closing handshake. Confined to its
 * {@link LoadLoop}'s thread: scenarios call {@code send*} and {@link #close} from their callbacks or through
 * {@link LoadLoop#execute}.
 */
public final class ClientConnection {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_RESPONSE_HEAD = 8192;

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

    /** For the scenario's own per-connection state. */
    public Object attachment;

    ClientConnection(LoadLoop loop, SocketChannel channel, String host, String path, ConnectionHandler handler) {
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
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
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
        write(Frames.encode(opcode, payload, 0, length, loop.nextRandom()));
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
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
                accept = line.substring(colon + 1).trim();
            }
        }
        if (!expectedAccept.equals(accept)) {
            fail("bad Sec-WebSocket-Accept: " + accept);
            return false;
        }
        state = State.OPEN;
        handler.onOpen(this);
        return state != State.CLOSED;
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
        if ((b0 & 0x70) != 0) {
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
                    handler.onMessage(this, text, message, messageLength);
                }
            }
        }
        return state != State.CLOSED;
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
