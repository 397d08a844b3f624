package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * How a server connection frames a whole message when its frames depend on nothing but the message and this
 * encoding's own settings, never on earlier messages: then every connection with an equal encoding ({@code equals})
 * can be sent the same framed bytes, made once (a room broadcast). Implementations are values: equal settings, equal
 * encodings.
 *
 * <p>{@link #PLAIN} is a connection with no extension; permessage-deflate without outbound context takeover has its
 * own ({@code server_no_context_takeover}, RFC 7692 §7.1.1.1: the compressor starts afresh for every message, so the
 * output depends only on the message, the level, the window and the memory level). A connection whose frames depend
 * on its history (context takeover, a client's masking) has none and frames each message itself.
 */
public interface SharedEncoding {

    /** No extension: the frame {@link UnmaskedFrame#of} makes. */
    SharedEncoding PLAIN = (text, payload) -> null;

    /**
     * The whole message framed once, as a read-only buffer every reader takes a {@code duplicate()} of; null when it
     * goes out as the plain frame (no extension, or an extension that chose to leave this message alone).
     *
     * @param payload the encoded message (UTF-8 for text); not modified
     */
    ByteBuffer frame(boolean text, byte[] payload);
}
