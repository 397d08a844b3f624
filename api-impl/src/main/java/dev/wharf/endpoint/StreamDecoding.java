package dev.wharf.endpoint;

import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import java.io.InputStream;
import java.io.Reader;
import java.util.List;

/**
 * Which whole-message handlers read their messages as streams, and how: the {@code Reader}/{@code InputStream}
 * forms, and decoded types whose decoder is a stream decoder.
 *
 * <p>A stream decoder decodes while the message arrives only when it is the <em>first</em> decoder configured for the
 * handler's type and native kind. Decoders are tried in configuration order, each through its {@code willDecode}
 * [WSC-4.1.3-2], [WSC-4.2.2-1]; a stream decoder has no {@code willDecode} and takes whatever reaches it. So a stream
 * decoder listed first takes every message and the ones after it are never asked, while a {@code Decoder.Text} or
 * {@code Decoder.Binary} listed first needs the whole message for its {@code willDecode}: the message is then
 * assembled and {@link Decoding} runs the list on it, stream decoders included.
 */
final class StreamDecoding {

    private StreamDecoding() {
    }

    /** The receiver that streams text messages to {@code handler} of {@code type}, or null if they are assembled. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static StreamReceiver<Reader> text(MessageHandler.Whole handler, Class<?> type, List<Decoder> decoders) {
        if (type == Reader.class) {
            return handler::onMessage;
        }
        if (type == String.class || decoders.isEmpty()) {
            return null; // String is never decoded; primitives are parsed from the whole text [WSC-4.7-2]
        }
        Decoder first = decoders.get(0);
        if (first instanceof Decoder.Text || !(first instanceof Decoder.TextStream)) {
            return null;
        }
        Decoder.TextStream decoder = (Decoder.TextStream) first;
        return reader -> handler.onMessage(decodeThenClose(decoder, reader));
    }

    /** The receiver that streams binary messages to {@code handler} of {@code type}, or null if they are assembled. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static StreamReceiver<InputStream> binary(MessageHandler.Whole handler, Class<?> type, List<Decoder> decoders) {
        if (type == InputStream.class) {
            return handler::onMessage;
        }
        if (type == java.nio.ByteBuffer.class || type == byte[].class || decoders.isEmpty()) {
            return null; // the native forms are never decoded
        }
        Decoder first = decoders.get(0);
        if (first instanceof Decoder.Binary || !(first instanceof Decoder.BinaryStream)) {
            return null;
        }
        Decoder.BinaryStream decoder = (Decoder.BinaryStream) first;
        return in -> handler.onMessage(decodeThenClose(decoder, in));
    }

    /**
     * Closing the stream once the decoder returned drops the rest of the message at once (a decoder may stop before
     * its end) instead of holding it, and pausing the connection, while the handler runs.
     */
    @SuppressWarnings("rawtypes")
    private static Object decodeThenClose(Decoder.TextStream decoder, Reader reader) throws Exception {
        try {
            return decoder.decode(reader);
        } finally {
            reader.close();
        }
    }

    @SuppressWarnings("rawtypes")
    private static Object decodeThenClose(Decoder.BinaryStream decoder, InputStream in) throws Exception {
        try {
            return decoder.decode(in);
        } finally {
            in.close();
        }
    }
}
