package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * Receives what an {@link Engine} decodes. Every method is called synchronously from inside
 * {@link Engine#receive(ByteBuffer)} or {@link Engine#receiveEnd()}, on the thread that called it, in wire order.
 *
 * <p>Data handed to a method belongs to the listener: the engine never touches a buffer or string again after
 * passing it on, so a listener may keep it or hand it to another thread without copying.
 */
public interface EngineListener {

    /**
     * Text data. When the engine assembles text ({@link Engine#setPartialText(boolean)} false) this is called once
     * per message with {@code last} true. Otherwise it is called for each piece as it arrives, split only at code
     * point boundaries, with {@code last} true on the final piece (which may be empty).
     */
    void onText(String text, boolean last);

    /** Binary data, whole or in parts exactly like {@link #onText}. */
    void onBinary(ByteBuffer data, boolean last);

    /** A ping arrived; the engine has already sent the pong with the same payload. */
    void onPing(ByteBuffer payload);

    /** A pong arrived, solicited or not. */
    void onPong(ByteBuffer payload);

    /**
     * The peer's side of the closing handshake: the code and reason of the peer's close frame
     * ({@link StatusCodes#NO_STATUS} when the frame had no payload), or {@link StatusCodes#ABNORMAL} when the transport
     * ended ({@link Engine#receiveEnd()}) before a close frame arrived. If {@link EngineConfig#repliesToClose()} and the engine had not sent a close frame
     * yet, it has already sent the reply echoing the code. Called at most once; nothing follows it.
     */
    void onClose(int code, String reason);

    /**
     * The engine failed the connection (RFC 6455 §7.1.7): the peer broke the protocol or a limit. Unless
     * {@link EngineConfig#repliesToClose()} is off, the engine has already sent a close frame with {@code code}
     * (unless one was sent before); either way it ignores all further input.
     * Called at most once, instead of {@link #onClose}; the transport should be closed once output is flushed.
     */
    void onFailure(int code, String reason);
}
