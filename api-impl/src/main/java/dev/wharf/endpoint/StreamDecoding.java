package dev.wharf.endpoint;

import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Which whole-message handlers read their messages as streams, and how: the {@code Reader}/{@code InputStream}
 * forms (unless a decoder is configured for them), and decoded types whose decoder is a stream decoder.
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
        if (type == Reader.class && decoders.isEmpty()) {
            return handler::onMessage;
        }
        if (type == Reader.class || type == String.class || decoders.isEmpty()) {
            // A decoder configured for a native form is tried on the whole message first (MessageHandlers), so that a
            // Reader it returns is not closed under the handler; primitives are parsed from the whole text [WSC-4.7-2]
            return null;
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
        if (type == InputStream.class && decoders.isEmpty()) {
            return handler::onMessage;
        }
        if (type == InputStream.class || type == ByteBuffer.class || type == byte[].class
                || decoders.isEmpty()) {
            return null; // native forms with a decoder configured for them: as for Reader above
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
