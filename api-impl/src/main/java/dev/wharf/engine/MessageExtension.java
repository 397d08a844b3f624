package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * A negotiated per-message extension that owns RSV bits (RFC 6455 §5.8, §9; the shape permessage-deflate,
 * RFC 7692, needs). One instance serves one connection, so it may keep per-connection state (a compression
 * context, for instance).
 *
 * <p>The engine passes only data messages through an extension, never control frames. A message is transformed
 * when its first frame carries the extension's RSV bits; continuation and control frames with them are a protocol
 * error. With several extensions, outbound data passes through them in configuration order and inbound data in
 * the reverse order.
 *
 * <p>Threads: the inbound methods are called by the engine's reader, the outbound ones by its sender; an
 * implementation keeping state for both directions must keep the two separate.
 */
public interface MessageExtension {

    /** The extension token as negotiated, e.g. {@code permessage-deflate}. */
    String name();

    /** The RSV bits it owns, as in the first header byte: 0x40 (RSV1), 0x20 (RSV2), 0x10 (RSV3), or a union. */
    int rsvBits();

    /**
     * Decodes the next chunk of an inbound message whose first frame carried {@link #rsvBits()}. Called with each
     * chunk as it arrives (possibly empty, frames split anywhere), then once with an empty chunk and {@code last}
     * true when the message's final frame ended.
     *
     * @param chunk the payload bytes, unmasked; valid only during the call
     * @param last whether the message is complete
     * @param maxOutput the most bytes the result may hold: a zip-bomb bound. The implementation should stop
     *     producing once it passes the bound (returning at most {@code maxOutput + 1} bytes is enough for the engine
     *     to fail the connection with 1009); {@link Long#MAX_VALUE} when unbounded
     * @return the decoded bytes, owned by the engine from then on
     * @throws ExtensionException when the data cannot be decoded
     */
    ByteBuffer decode(ByteBuffer chunk, boolean last, long maxOutput) throws ExtensionException;

    /**
     * Decides, at the start of an outbound message, whether to transform it. When true the engine calls
     * {@link #encode} for each of its frames and sets {@link #rsvBits()} on its first frame only.
     */
    boolean beginOutbound(boolean text);

    /**
     * Like {@link #beginOutbound(boolean)}, also seeing the first frame's payload, so that an extension can leave a
     * message alone when transforming would not pay (a short message, for instance). The engine calls this one; the
     * default ignores the payload. When this returns true, {@link #encode} follows for the same payload.
     *
     * @param firstPayload the first frame's data; valid only during the call, must not be modified
     * @param last whether that frame is the whole message
     */
    default boolean beginOutbound(boolean text, ByteBuffer firstPayload, boolean last) {
        return beginOutbound(text);
    }

    /**
     * Encodes one frame's worth of an outbound message that {@link #beginOutbound} chose to transform.
     *
     * @param payload the frame's data; valid only during the call, must not be modified
     * @param last whether this is the message's final frame
     * @return the bytes to send, in a buffer the engine owns and may change (a client masks it in place)
     */
    ByteBuffer encode(ByteBuffer payload, boolean last);

    /**
     * The connection is over for this extension: the close handshake finished, the engine failed the connection,
     * or the transport ended. Releases what the extension holds (native compression contexts, for instance). Called
     * by the engine at most once, from whichever thread ended the connection, possibly while the sender is inside
     * {@link #encode}; an implementation must tolerate that and fail later calls rather than crash. The default does
     * nothing.
     */
    default void release() {
    }

    /**
     * The encoding of a whole message when it depends on nothing this connection sent before (see
     * {@link SharedEncoding}), so that connections with equal ones may share one framed message; null (the default)
     * when this connection's state shapes its frames.
     */
    default SharedEncoding sharedEncoding() {
        return null;
    }
}
