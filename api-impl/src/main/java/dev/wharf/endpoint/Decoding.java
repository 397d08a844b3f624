package dev.wharf.endpoint;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Runs a whole message through the decoders configured for a handler's type: the first, in configuration order,
 * whose {@code willDecode} accepts it [WSC-4.1.3-2], [WSC-4.2.2-1]. Stream decoders have no {@code willDecode}
 * and accept whatever reaches them.
 */
final class Decoding {

    private Decoding() {
    }

    /** What {@link #tryText} and {@link #tryBinary} answer when no decoder accepted the message. */
    static final Object NOT_DECODED = new Object();

    static Object text(List<Decoder> decoders, String text) throws DecodeException, IOException {
        Object decoded = tryText(decoders, text);
        if (decoded == NOT_DECODED) {
            throw new DecodeException(text, "No decoder accepted the text message (tried " + names(decoders) + ")");
        }
        return decoded;
    }

    static Object binary(List<Decoder> decoders, ByteBuffer data) throws DecodeException, IOException {
        Object decoded = tryBinary(decoders, data);
        if (decoded == NOT_DECODED) {
            throw new DecodeException(data, "No decoder accepted the binary message (tried " + names(decoders) + ")");
        }
        return decoded;
    }

    /** The first accepting decoder's result, or {@link #NOT_DECODED}; for types that have a native fallback. */
    @SuppressWarnings("rawtypes")
    static Object tryText(List<Decoder> decoders, String text) throws DecodeException, IOException {
        for (Decoder decoder : decoders) {
            if (decoder instanceof Decoder.Text d) {
                if (d.willDecode(text)) {
                    return d.decode(text);
                }
            } else if (decoder instanceof Decoder.TextStream d) {
                return d.decode(new StringReader(text));
            }
        }
        return NOT_DECODED;
    }

    /** As {@link #tryText}, for binary messages. */
    @SuppressWarnings("rawtypes")
    static Object tryBinary(List<Decoder> decoders, ByteBuffer data) throws DecodeException, IOException {
        for (Decoder decoder : decoders) {
            // each decoder sees the message from its start, whatever an earlier willDecode consumed
            if (decoder instanceof Decoder.Binary d) {
                if (d.willDecode(data.duplicate())) {
                    return d.decode(data.duplicate());
                }
            } else if (decoder instanceof Decoder.BinaryStream d) {
                return d.decode(inputStream(data.duplicate()));
            }
        }
        return NOT_DECODED;
    }

    /** A stream over the buffer's remaining bytes, without copying them. */
    static InputStream inputStream(ByteBuffer data) {
        ByteBuffer source = data.duplicate();
        return new InputStream() {
            @Override
            public int read() {
                return source.hasRemaining() ? source.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                Objects.checkFromIndexSize(offset, length, target.length);
                if (length == 0) {
                    return 0;
                }
                if (!source.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(length, source.remaining());
                source.get(target, offset, n);
                return n;
            }

            @Override
            public int available() {
                return source.remaining();
            }
        };
    }

    static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }

    private static String names(List<Decoder> decoders) {
        return decoders.stream().map(d -> d.getClass().getName()).toList().toString();
    }
}
