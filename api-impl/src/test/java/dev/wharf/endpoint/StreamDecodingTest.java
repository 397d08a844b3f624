package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.TestCodecs.Tagged;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which whole-message handlers read their messages as streams, and what their stream receivers do. */
class StreamDecodingTest {

    private final List<Object> received = new ArrayList<>();

    /** Takes only text starting with "t:", so it needs the whole message for willDecode. */
    public static final class PrefixTaggedDecoder implements Decoder.Text<Tagged> {
        @Override
        public Tagged decode(String s) {
            return new Tagged("text:" + s.substring(2));
        }

        @Override
        public boolean willDecode(String s) {
            return s.startsWith("t:");
        }
    }

    /** Reads one character and refuses the message. */
    public static final class FailingStreamDecoder implements Decoder.TextStream<Tagged> {
        @Override
        public Tagged decode(Reader reader) throws DecodeException, IOException {
            throw new DecodeException(String.valueOf((char) reader.read()), "refused");
        }
    }

    /** A Reader that remembers being closed: closing is how the session learns to drop the unread rest. */
    private static final class TrackedReader extends StringReader {
        boolean closed;

        TrackedReader(String s) {
            super(s);
        }

        @Override
        public void close() {
            closed = true;
            super.close();
        }
    }

    @SafeVarargs
    private static MessageHandlers handlers(Class<? extends Decoder>... decoders) {
        return new MessageHandlers(new Codecs(List.of(decoders), List.of(), null));
    }

    private <T> MessageHandler.Whole<T> collect() {
        return received::add;
    }

    @Test
    @DisplayName("[WSC-4.1.3-1] a TextStream decoder listed first decodes from the stream; the handler gets its result")
    void textStreamDecoderFirstStreams() throws Exception {
        MessageHandlers h = handlers(TestCodecs.TaggedStreamDecoder.class, PrefixTaggedDecoder.class);
        h.add(Tagged.class, collect());
        StreamReceiver<Reader> receiver = h.textStreamReceiver();
        assertNotNull(receiver, "it has no willDecode, so it takes every message: nothing needs the whole message");
        TrackedReader reader = new TrackedReader("t:abc");
        receiver.receive(reader);
        assertEquals(List.of(new Tagged("stream:t:abc")), received, "the later Text decoder is never asked");
        assertTrue(reader.closed, "the stream is closed once decoded, so the rest of the message is dropped");
    }

    @Test
    @DisplayName("[WSC-4.1.3-2] a Text decoder listed before a TextStream one needs the whole message for willDecode")
    void textDecoderFirstAssembles() throws Exception {
        MessageHandlers h = handlers(PrefixTaggedDecoder.class, TestCodecs.TaggedStreamDecoder.class);
        h.add(Tagged.class, collect());
        assertNull(h.textStreamReceiver());
        h.onText("t:abc", true);
        h.onText("other", true);
        assertEquals(List.of(new Tagged("text:abc"), new Tagged("stream:other")), received,
                "willDecode picks the Text decoder; what it refuses falls to the TextStream decoder");
    }

    @Test
    @DisplayName("a BinaryStream decoder listed first decodes from the stream; a Binary one listed first does not")
    void binaryStreamDecoder() throws Exception {
        MessageHandlers streamed = handlers(TestCodecs.TaggedBinaryStreamDecoder.class);
        streamed.add(Tagged.class, collect());
        StreamReceiver<InputStream> receiver = streamed.binaryStreamReceiver();
        assertNotNull(receiver);
        receiver.receive(new ByteArrayInputStream("xy".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(new Tagged("bytes:xy")), received);

        MessageHandlers assembled = handlers(TestCodecs.BinaryPointDecoder.class,
                TestCodecs.TaggedBinaryStreamDecoder.class);
        assembled.add(TestCodecs.Point.class, collect());
        assertNull(assembled.binaryStreamReceiver());
    }

    @Test
    @DisplayName("native forms: Reader and InputStream stream; String, ByteBuffer, byte[], partial and primitives do not")
    void nativeForms() throws Exception {
        MessageHandlers h = handlers(TestCodecs.TaggedStreamDecoder.class);
        h.add(Reader.class, (MessageHandler.Whole<Reader>) r -> received.add("reader"));
        h.add(InputStream.class, (MessageHandler.Whole<InputStream>) in -> received.add("input"));
        h.textStreamReceiver().receive(new StringReader("x"));
        h.binaryStreamReceiver().receive(new ByteArrayInputStream(new byte[1]));
        assertEquals(List.of("reader", "input"), received);

        MessageHandlers strings = handlers(TestCodecs.TaggedStreamDecoder.class);
        strings.add(String.class, collect());
        strings.add(byte[].class, collect());
        assertNull(strings.textStreamReceiver());
        assertNull(strings.binaryStreamReceiver());

        MessageHandlers parts = handlers();
        parts.add(String.class, (MessageHandler.Partial<String>) (s, last) -> { });
        assertNull(parts.textStreamReceiver());

        MessageHandlers numbers = handlers();
        numbers.add(Integer.class, collect());
        assertNull(numbers.textStreamReceiver(), "[WSC-4.7-2] primitives are parsed from the whole text");
    }

    @Test
    @DisplayName("[WSC-5.2.2-1] a stream decoder's DecodeException leaves the receiver; the handler is not called")
    void decodeExceptionPropagates() {
        MessageHandlers h = handlers(FailingStreamDecoder.class);
        h.add(Tagged.class, collect());
        TrackedReader reader = new TrackedReader("bad");
        DecodeException e = assertThrows(DecodeException.class, () -> h.textStreamReceiver().receive(reader));
        assertEquals("b", e.getText());
        assertTrue(reader.closed);
        assertTrue(received.isEmpty());
    }
}
