package dev.wharf.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket client connection over a non-blocking socket: the RFC 6455 §4.1 handshake, masked frames out, frames
 * in (unmasked, possibly fragmented, split anywhere), pongs for pings and the closing handshake. Confined to its
 * {@link LoadLoop}'s thread: scenarios call {@code send*} and {@link #close} from their callbacks or through
 * {@link LoadLoop#execute}.
 *
 * <p>Optionally offers permessage-deflate (RFC 7692, see {@link DeflateOffer}); only if the server accepts are
 * messages compressed and the server's RSV1 messages inflated ({@link MessageDeflate}). The handshake itself is
 * {@link ClientUpgrade}.
 */
public final class ClientConnection {

    enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final LoadLoop loop;
    private final SocketChannel channel;
    private final ConnectionHandler handler;
    private final ClientUpgrade upgrade;
    private SelectionKey key;
    private State state = State.CONNECTING;

    private final SocketOutput output;
    private final OutgoingFrames frames = new OutgoingFrames();
    /** Bytes of an incomplete header or handshake response, kept between reads. */
    private byte[] leftover;

    // the frame being read
    private boolean inPayload;
    private long payloadRemaining;
    private int frameOpcode;
    private boolean frameFin;
    // the message being assembled
    private int messageOpcode = -1;
    /** Null once the connection ended (so a closed connection holds no payload). */
    private MessageBytes message = new MessageBytes();
    /** Where uncompressed data messages go piece by piece instead of into {@link #message}; null: assemble. */
    private PayloadSink sink;
    /** Whether the message being read goes to {@link #sink}, and how many of its bytes went there so far. */
    private boolean streaming;
    private int streamed;
    private final byte[] control = new byte[125];
    private int controlLength;

    // permessage-deflate
    private final DeflateOffer offer;
    /** The agreed compression; null for none. */
    private MessageDeflate deflate;
    private String extensions = "";
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
        this.upgrade = new ClientUpgrade(host, path, offer, loop::nextRandom);
        this.output = new SocketOutput(channel);
    }

    void registered(SelectionKey key) {
        this.key = key;
        output.registered(key);
    }

    public LoadLoop loop() {
        return loop;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Whether the server accepted permessage-deflate (known once open). */
    public boolean deflateNegotiated() {
        return deflate != null;
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

    /**
     * From the next message on, uncompressed data messages go to {@code sink} as they are read, not assembled and not
     * to {@link ConnectionHandler#onMessage} (compressed ones still are: they must be inflated whole). Call on this
     * connection's loop thread, between messages (from {@link ConnectionHandler#onOpen}, say).
     */
    public void streamPayloads(PayloadSink sink) {
        this.sink = sink;
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
        if (deflate == null) {
            lastSentWire = length;
            write(encode(opcode, false, payload, length));
            return;
        }
        int n = deflate.compress(payload, length);
        lastSentWire = n;
        write(encode(opcode, true, deflate.compressed(), n));
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
            write(encode(Frames.CLOSE, false, new byte[] {0x03, (byte) 0xE8}, 2));
        } else if (state == State.CONNECTING || state == State.HANDSHAKE) {
            end(false);
        }
    }

    /** Drops the TCP connection at once, without a closing handshake. */
    public void abort() {
        end(false);
    }

    /** A masked frame with a fresh key (RFC 6455 §5.3); the reused direct buffer when the socket took all before. */
    private ByteBuffer encode(int opcode, boolean rsv1, byte[] payload, int length) {
        return frames.encode(opcode, rsv1, payload, 0, length, loop.nextRandom(), output.idle());
    }

    private void write(ByteBuffer bytes) {
        try {
            output.write(bytes);
        } catch (IOException e) {
            fail("write failed: " + e.getMessage());
        }
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
        write(upgrade.request());
    }

    void onWritable() {
        try {
            output.onWritable();
        } catch (IOException e) {
            fail("write failed: " + e.getMessage());
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
        try {
            String agreed = upgrade.readResponse(buffer);
            if (agreed == null) {
                return false;
            }
            extensions = agreed;
            if (!extensions.isEmpty()) {
                deflate = MessageDeflate.agree(offer, extensions);
            }
        } catch (ConnectionProblem e) {
            return fail(e.getMessage());
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
            } else if (streaming) {
                int at = in.position();
                sink.take(in, at, n);
                in.position(at + n);
                streamed += n;
            } else {
                message.append(in, n);
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
        if ((b0 & 0x30) != 0 || rsv1 && !(deflate != null && (opcode == Frames.TEXT || opcode == Frames.BINARY))) {
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
            messageCompressed = rsv1;
            streaming = sink != null && !rsv1;
            if (streaming) {
                streamed = 0;
                sink.begin(frameOpcode == Frames.TEXT);
            } else {
                message.clear();
            }
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
            case Frames.PING -> write(encode(Frames.PONG, false, control, controlLength));
            case Frames.PONG -> { }
            case Frames.CLOSE -> {
                if (state == State.OPEN) {
                    // The server closed first: echo its code, then end.
                    int echoed = controlLength >= 2 ? controlLength : 0;
                    write(encode(Frames.CLOSE, false, control, echoed));
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
                    if (streaming) {
                        lastReceivedWire = streamed;
                        sink.end(this, streamed);
                        return state != State.CLOSED;
                    }
                    lastReceivedWire = message.length();
                    if (messageCompressed) {
                        int n;
                        try {
                            message.appendDeflateTail();
                            n = deflate.inflate(message.array(), message.length() + 4);
                        } catch (ConnectionProblem e) {
                            return fail(e.getMessage());
                        }
                        handler.onMessage(this, text, deflate.inflated(), n);
                    } else {
                        handler.onMessage(this, text, message.array(), message.length());
                    }
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
        frames.release();
        leftover = null;
        message = null;
        sink = null;
        if (deflate != null) {
            deflate.end();
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
