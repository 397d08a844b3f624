package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * A sans-I/O RFC 6455 endpoint: bytes in, events out; messages in, frames out. It never blocks, starts no thread and
 * touches no socket; a transport feeds it and writes what it produces.
 *
 * <p>Threads: {@link #receive} and {@link #receiveEnd} are called by one thread at a time (the reader). The
 * {@code encode*} methods for data, ping and pong are called by one thread at a time (the sender, serialised by the
 * session's send queue), possibly concurrently with the reader. {@link #encodeClose} and the state queries are safe
 * from any thread.
 */
public final class Engine {

    public Engine(EngineConfig config, EngineListener listener, ControlOutput controlOutput) {
        throw new UnsupportedOperationException("engine: being implemented");
    }

    // ---- receiving -------------------------------------------------------------------------------------------

    /** Consumes every remaining byte of {@code bytes} (split anywhere); does not keep a reference to it. */
    public void receive(ByteBuffer bytes) {
        throw new UnsupportedOperationException();
    }

    /** The transport reached end of stream or broke: reports 1006 via {@link EngineListener#onClose} if no close frame arrived. */
    public void receiveEnd() {
        throw new UnsupportedOperationException();
    }

    /** Text messages starting from now are delivered in parts (true) or assembled whole (false, the default). */
    public void setPartialText(boolean partial) {
        throw new UnsupportedOperationException();
    }

    /** Binary messages starting from now are delivered in parts (true) or assembled whole (false, the default). */
    public void setPartialBinary(boolean partial) {
        throw new UnsupportedOperationException();
    }

    /** Largest whole text message, in UTF-8 bytes, the engine assembles before failing with 1009; applies from the next message. */
    public void setMaxTextMessageSize(long bytes) {
        throw new UnsupportedOperationException();
    }

    /** Largest whole binary message the engine assembles before failing with 1009; applies from the next message. */
    public void setMaxBinaryMessageSize(long bytes) {
        throw new UnsupportedOperationException();
    }

    // ---- sending ---------------------------------------------------------------------------------------------

    /**
     * Encodes text as one frame of a message: the first frame of a message is TEXT, later ones CONTINUATION, and
     * {@code last} ends the message. Returns the buffers to write in order (header first); the caller owns them.
     *
     * @throws IllegalStateException if a binary message is unfinished or a close frame was sent
     */
    public ByteBuffer[] encodeText(CharSequence text, boolean last) {
        throw new UnsupportedOperationException();
    }

    /**
     * Encodes binary data as one frame of a message, like {@link #encodeText}. A server does not copy the payload
     * (the returned buffers include a view of it, so it must not change until written); a client masks a copy.
     */
    public ByteBuffer[] encodeBinary(ByteBuffer data, boolean last) {
        throw new UnsupportedOperationException();
    }

    /** Encodes a ping; the payload is at most 125 bytes else {@link IllegalArgumentException}. */
    public ByteBuffer[] encodePing(ByteBuffer payload) {
        throw new UnsupportedOperationException();
    }

    /** Encodes an unsolicited pong; the payload is at most 125 bytes else {@link IllegalArgumentException}. */
    public ByteBuffer[] encodePong(ByteBuffer payload) {
        throw new UnsupportedOperationException();
    }

    /**
     * Encodes our close frame and moves to {@link CloseState#CLOSING} (or {@link CloseState#CLOSED} if the peer's
     * close already arrived). {@code code} {@link CloseCodes#NO_STATUS} sends an empty close frame. Returns null when
     * a close frame was already sent (by the caller or by the engine itself), so exactly one is ever written.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is over 123 UTF-8 bytes
     */
    public ByteBuffer[] encodeClose(int code, String reason) {
        throw new UnsupportedOperationException();
    }

    /** Where the closing handshake stands. */
    public CloseState closeState() {
        throw new UnsupportedOperationException();
    }
}
