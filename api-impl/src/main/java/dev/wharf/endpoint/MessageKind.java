package dev.wharf.endpoint;

import jakarta.websocket.PongMessage;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The three native WebSocket message types a handler may be registered for; at most one handler (or one
 * {@code @OnMessage} method) per kind [WSC-2.1.3-1], [WSC-4.7-4].
 */
enum MessageKind {
    TEXT, BINARY, PONG;

    /**
     * Which kind a whole-message handler of {@code type} receives, or null if none: the native Java forms first,
     * then a configured decoder, then the primitive conversions of text (spec javadoc of {@code @OnMessage}).
     */
    static MessageKind forWhole(Class<?> type, boolean textDecoder, boolean binaryDecoder) {
        if (type == String.class || type == Reader.class) {
            return TEXT;
        }
        if (type == ByteBuffer.class || type == byte[].class || type == InputStream.class) {
            return BINARY;
        }
        if (type == PongMessage.class) {
            return PONG;
        }
        if (textDecoder) {
            return TEXT;
        }
        if (binaryDecoder) {
            return BINARY;
        }
        return PrimitiveConversions.isPrimitiveOrBoxed(type) ? TEXT : null;
    }

    /** Which kind a partial handler of {@code type} receives, or null: only String, ByteBuffer and byte[] split. */
    static MessageKind forPartial(Class<?> type) {
        if (type == String.class) {
            return TEXT;
        }
        return type == ByteBuffer.class || type == byte[].class ? BINARY : null;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
