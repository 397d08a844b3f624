package dev.wharf.engine;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A sans-I/O RFC 6455 endpoint: bytes in, events out; messages in, frames out. It never blocks, starts no thread and
 * touches no socket; a transport feeds it and writes what it produces.
 *
 * <p>Threads: {@link #receive} and {@link #receiveEnd} are called by one thread at a time (the reader). The
 * {@code encode*} methods for data, ping and pong are called by one thread at a time (the sender, serialised by the
 * session's send queue), possibly concurrently with the reader. {@link #encodeClose} and the state queries are safe
 * from any thread.
 *
 * <p>Interpretations of the contract: a ping that arrives after our close frame was sent is still reported via
 * {@link EngineListener#onPing} but not answered (RFC 6455 §5.5.1: nothing follows a close frame). Input after a
 * received close frame or a failure is consumed and ignored. Message size limits below zero mean no limit.
 */
public final class Engine {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    private static final int FIN = 0x80;
    /** What the peer is told when the engine fails on its own fault: nothing about the fault itself. */
    static final String INTERNAL_ERROR_REASON = "internal error";

    private final EngineListener listener;
    private final ControlOutput controlOutput;
    private final List<MessageExtension> extensions;
    private final FrameParser parser;
    private final MessageAssembler messages;
    // One writer per thread that writes: a client's key generator is not thread-safe. (Servers share one stateless
    // writer: see FrameWriter.forRole.)
    private final FrameWriter dataWriter;
    /** Data messages to frames, through dataWriter; pings and pongs use the same writer (same sender thread). */
    private final MessageEncoder encoder;
    private final FrameWriter pongWriter;
    private final FrameWriter closeWriter;

    // Reader thread only.
    /** The control frame being read; created with the first one, as an idle connection may never see one. */
    private byte[] control;
    private int controlLength;
    /** onClose or onFailure delivered: nothing more is reported. */
    private boolean reported;

    // Close handshake, shared by the reader and any closing thread.
    private final Object closeLock = new Object();
    private boolean closeSent;
    private final boolean repliesToClose;
    private boolean closeReceived;
    private boolean terminated; // failed, or the transport ended
    private boolean extensionsReleased;

    public Engine(EngineConfig config, EngineListener listener, ControlOutput controlOutput) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.controlOutput = Objects.requireNonNull(controlOutput, "controlOutput");
        this.extensions = config.extensions();
        this.repliesToClose = config.repliesToClose();
        this.parser = new FrameParser(config.role(), config.maxFrameSize(), config.ownedRsvBits(), new Inbound());
        this.messages = new MessageAssembler(listener, extensions, config.maxTextMessageSize(),
                config.maxBinaryMessageSize());
        this.dataWriter = FrameWriter.forRole(config.role());
        this.encoder = new MessageEncoder(extensions, dataWriter);
        this.pongWriter = FrameWriter.forRole(config.role());
        this.closeWriter = FrameWriter.forRole(config.role());
    }

    // ---- receiving -------------------------------------------------------------------------------------------

    /** Consumes every remaining byte of {@code bytes} (split anywhere); does not keep a reference to it. */
    public void receive(ByteBuffer bytes) {
        try {
            parser.parse(bytes);
        } catch (ProtocolViolation v) {
            fail(v.closeCode, v.getMessage());
        } catch (RuntimeException unexpected) {
            // A bug here or in an extension or listener, not the peer's doing: fail the connection with 1011 rather
            // than let the transport drop it without a close frame. The reason stays generic (internal detail is
            // for the log, not for a possibly hostile peer); the log has it, once, as nothing more is parsed after.
            LOG.log(System.Logger.Level.ERROR, "unexpected failure while receiving; failing the connection with "
                    + StatusCodes.INTERNAL_ERROR, unexpected);
            fail(StatusCodes.INTERNAL_ERROR, INTERNAL_ERROR_REASON);
        } finally {
            bytes.position(bytes.limit()); // input after a close or a failure is ignored, but still consumed
        }
    }

    /**
     * Payload bytes of the frame being received that have not arrived yet, 0 between frames: a hint for how much a
     * transport's next read could bring. Reader thread.
     */
    public long payloadAwaited() {
        return parser.payloadLeft();
    }

    /** The transport reached end of stream or broke: reports 1006 via {@link EngineListener#onClose} if no close frame arrived. */
    public void receiveEnd() {
        parser.stop();
        synchronized (closeLock) {
            terminated = true;
        }
        releaseExtensions();
        if (!reported) {
            reported = true;
            listener.onClose(StatusCodes.ABNORMAL, "connection ended without a close frame");
        }
    }

    /** Whether {@link EngineListener#onText} (or {@code onBinary}) gets whole messages, each in one call. */
    public boolean deliversWhole(boolean text) {
        return messages.assemblesWhole(text);
    }

    /** Text messages starting from now are delivered in parts (true) or assembled whole (false, the default). */
    public void setPartialText(boolean partial) {
        messages.setPartialText(partial);
    }

    /** Binary messages starting from now are delivered in parts (true) or assembled whole (false, the default). */
    public void setPartialBinary(boolean partial) {
        messages.setPartialBinary(partial);
    }

    /**
     * Largest whole text message, in UTF-8 bytes, the engine assembles before failing with 1009; applies from the
     * next message. Negative means no limit.
     */
    public void setMaxTextMessageSize(long bytes) {
        messages.setMaxTextMessageSize(bytes);
    }

    /** Largest whole binary message the engine assembles before failing with 1009; applies from the next message. Negative means no limit. */
    public void setMaxBinaryMessageSize(long bytes) {
        messages.setMaxBinaryMessageSize(bytes);
    }

    /** RFC 6455 §7.1.7: send our close (unless sent), stop reading, report once. */
    private void fail(int code, String reason) {
        parser.stop();
        ByteBuffer[] frame = null;
        boolean closing;
        synchronized (closeLock) {
            terminated = true;
            if (!closeSent && repliesToClose) {
                closeSent = true;
                frame = closeWriter.frameOfOwnPayload(FIN | Opcode.CLOSE, ByteBuffer.wrap(CloseFrames.payload(code, StatusCodes.fitReason(reason))));
            }
            closing = closeSent;
        }
        if (frame != null) {
            controlOutput.sendControl(frame);
        }
        if (closing) {
            releaseExtensions();
        } // else the caller sends the failing close with encodeClose once earlier replies are out; released then
        if (!reported) {
            reported = true;
            listener.onFailure(code, reason);
        }
    }

    /** No data frame moves in either direction any more: extensions may free what they hold (once). */
    private void releaseExtensions() {
        synchronized (closeLock) {
            if (extensionsReleased) {
                return;
            }
            extensionsReleased = true;
        }
        for (MessageExtension e : extensions) {
            e.release();
        }
    }

    /** Frames from the parser: control frames here, data frames to the assembler. */
    private final class Inbound implements FrameParser.Handler {
        @Override
        public void onFrameStart(FrameParser frame) throws ProtocolViolation {
            if (Opcode.isControl(frame.opcode())) {
                // As large as this frame's payload (at most 125, RFC 6455 §5.5; the parser checked): the close frame
                // of most connections carries 2-20 bytes, and a buffer of the largest size was a 125-byte array per
                // connection. A larger frame later (pings) grows it, up to that size.
                int length = (int) frame.length();
                if (control == null || control.length < length) {
                    control = new byte[length];
                }
                controlLength = 0;
            } else {
                messages.frameStart(frame);
            }
        }

        @Override
        public void onPayload(PayloadChunk chunk) throws ProtocolViolation {
            if (Opcode.isControl(parser.opcode())) {
                chunk.copyTo(control, controlLength); // at most 125 bytes: the parser checked the header
                controlLength += chunk.length();
            } else {
                messages.payload(chunk);
            }
        }

        @Override
        public void onFrameEnd(FrameParser frame) throws ProtocolViolation {
            switch (frame.opcode()) {
                case Opcode.PING -> onPing();
                case Opcode.PONG -> listener.onPong(controlPayload());
                case Opcode.CLOSE -> onCloseFrame();
                default -> messages.frameEnd(frame);
            }
        }
    }

    private ByteBuffer controlPayload() {
        byte[] copy = new byte[controlLength];
        System.arraycopy(control, 0, copy, 0, controlLength);
        return ByteBuffer.wrap(copy);
    }

    /** RFC 6455 §5.5.2: answer with a pong carrying the same payload, unless the closing handshake has begun. */
    private void onPing() {
        boolean answer;
        synchronized (closeLock) {
            answer = !closeSent && !closeReceived;
        }
        if (answer) {
            controlOutput.sendControl(pongWriter.frameOfOwnPayload(FIN | Opcode.PONG, controlPayload()));
        }
        listener.onPing(controlPayload());
    }

    /** RFC 6455 §5.5.1, §7.1.5: echo the code if we have not closed yet, then report; ignore all later input. */
    private void onCloseFrame() throws ProtocolViolation {
        CloseFrames.Received close = CloseFrames.parse(control, controlLength);
        parser.stop();
        ByteBuffer[] echo = null;
        boolean bothDone;
        synchronized (closeLock) {
            closeReceived = true;
            if (!closeSent && repliesToClose) {
                closeSent = true;
                int code = close.hadCode() ? close.code() : StatusCodes.NO_STATUS;
                echo = closeWriter.frameOfOwnPayload(FIN | Opcode.CLOSE, ByteBuffer.wrap(CloseFrames.payload(code, null)));
            }
            bothDone = closeSent;
        }
        if (echo != null) {
            controlOutput.sendControl(echo);
        }
        if (bothDone) {
            releaseExtensions(); // both close frames are out: no data frame can follow either way
        }
        reported = true;
        listener.onClose(close.code(), close.reason());
    }

    // ---- sending ---------------------------------------------------------------------------------------------

    /**
     * Encodes text as one frame of a message: the first frame of a message is TEXT, later ones CONTINUATION, and
     * {@code last} ends the message. Returns the buffers to write in order (header first); the caller owns them.
     * A surrogate pair split between two calls is kept whole; an unpaired surrogate is sent as '?'.
     *
     * @throws IllegalStateException if a binary message is unfinished or a close frame was sent
     */
    public ByteBuffer[] encodeText(CharSequence text, boolean last) {
        requireCloseNotSent();
        return encoder.text(text, last);
    }

    /**
     * Encodes binary data as one frame of a message, like {@link #encodeText}. A server does not copy the payload
     * (the returned buffers include a view of it, so it must not change until written); a client masks a copy.
     * The position of {@code data} is not changed.
     */
    public ByteBuffer[] encodeBinary(ByteBuffer data, boolean last) {
        requireCloseNotSent();
        return encoder.binary(data, last);
    }

    /** Encodes a ping; the payload is at most 125 bytes else {@link IllegalArgumentException}. */
    public ByteBuffer[] encodePing(ByteBuffer payload) {
        return control(Opcode.PING, payload);
    }

    /** Encodes an unsolicited pong; the payload is at most 125 bytes else {@link IllegalArgumentException}. */
    public ByteBuffer[] encodePong(ByteBuffer payload) {
        return control(Opcode.PONG, payload);
    }

    private ByteBuffer[] control(int opcode, ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("control frame payload of " + payload.remaining()
                    + " bytes exceeds 125 (RFC 6455 §5.5)");
        }
        requireCloseNotSent();
        return dataWriter.frameOfForeignPayload(FIN | opcode, payload);
    }

    /**
     * Encodes our close frame and moves to {@link CloseState#CLOSING} (or {@link CloseState#CLOSED} if the peer's
     * close already arrived). {@code code} {@link StatusCodes#NO_STATUS} sends an empty close frame. Returns null when
     * a close frame was already sent (by the caller or by the engine itself), so exactly one is ever written.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is over 123 UTF-8 bytes
     */
    public ByteBuffer[] encodeClose(int code, String reason) {
        byte[] payload = CloseFrames.payload(code, reason); // validates before any state changes
        ByteBuffer[] frame;
        boolean bothDone;
        synchronized (closeLock) {
            if (closeSent) {
                return null;
            }
            closeSent = true;
            frame = closeWriter.frameOfOwnPayload(FIN | Opcode.CLOSE, payload, 0, payload.length);
            bothDone = closeReceived || terminated;
        }
        if (bothDone) {
            releaseExtensions(); // the reply to the peer's close: nothing more moves either way
        }
        return frame;
    }

    /** Where the closing handshake stands. */
    public CloseState closeState() {
        synchronized (closeLock) {
            if (terminated || (closeSent && closeReceived)) {
                return CloseState.CLOSED;
            }
            return closeSent || closeReceived ? CloseState.CLOSING : CloseState.OPEN;
        }
    }

    /** Whether our close frame was encoded, by {@link #encodeClose} or by the engine (echo or failure). */
    public boolean isCloseSent() {
        synchronized (closeLock) {
            return closeSent;
        }
    }

    /** Whether the peer's close frame arrived. */
    public boolean isCloseReceived() {
        synchronized (closeLock) {
            return closeReceived;
        }
    }

    /**
     * Whether this is a server's connection with no extension negotiated, so that a message framed by
     * {@link UnmaskedFrame} goes to it as is (its frames of one message are then the same bytes for every peer).
     */
    public boolean sendsFramesAsIs() {
        return extensions.isEmpty() && !dataWriter.masks();
    }

    /**
     * How this connection frames a whole message when the frames depend on no earlier message, so that it may be
     * sent bytes framed once for every connection with an equal encoding (a room broadcast); null when they do
     * depend on it (a client masks every frame; several extensions, or one keeping context). {@link
     * SharedEncoding#PLAIN} when {@link #sendsFramesAsIs()}.
     */
    public SharedEncoding sharedEncoding() {
        if (dataWriter.masks()) {
            return null;
        }
        if (extensions.isEmpty()) {
            return SharedEncoding.PLAIN;
        }
        return extensions.size() == 1 ? extensions.get(0).sharedEncoding() : null;
    }

    /** Whether a data message is partly sent: the next data frame must continue it. */
    public boolean isSendingMessage() {
        return encoder.inMessage();
    }

    private void requireCloseNotSent() {
        if (isCloseSent()) {
            throw new IllegalStateException("a close frame was sent: no more frames may follow (RFC 6455 §5.5.1)");
        }
    }
}
