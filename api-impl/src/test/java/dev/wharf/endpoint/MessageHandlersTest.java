package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.TestCodecs.Point;
import dev.wharf.endpoint.TestCodecs.Tagged;
import jakarta.websocket.DecodeException;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageHandlersTest {

    private final List<Object> received = new ArrayList<>();

    /** A lambda (no generic type information) that records what it receives. */
    private <T> MessageHandler.Whole<T> collect() {
        return received::add;
    }

    private static MessageHandlers plain() {
        return new MessageHandlers(new Codecs(List.of(), List.of(), null));
    }

    @Test
    @DisplayName("[WSC-2.1.3-1] anonymous Whole<String> class: type inferred, text delivered")
    void infersTypeOfAnonymousHandler() throws Exception {
        MessageHandlers handlers = plain();
        handlers.add(new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String message) {
                received.add(message);
            }
        });
        assertTrue(handlers.onText("hello", true));
        assertEquals(List.of("hello"), received);
        assertFalse(handlers.partialText());
    }

    /** The type variable is bound one level up the hierarchy. */
    abstract static class Collecting<T> implements MessageHandler.Whole<T> {
    }

    @Test
    void infersTypeBoundInSuperclass() throws Exception {
        MessageHandlers handlers = plain();
        handlers.add(new Collecting<ByteBuffer>() {
            @Override
            public void onMessage(ByteBuffer message) {
                received.add(message.remaining());
            }
        });
        assertTrue(handlers.onBinary(ByteBuffer.wrap(new byte[3]), true));
        assertEquals(List.of(3), received);
    }

    @Test
    @DisplayName("spec 2.1.3: a lambda's type cannot be inferred -> IllegalStateException; add(Class, ...) works")
    void lambdaNeedsExplicitClass() throws Exception {
        MessageHandlers handlers = plain();
        MessageHandler.Whole<String> lambda = received::add; // lambdas: no generic info
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handlers.add(lambda));
        assertTrue(e.getMessage().contains("addMessageHandler(Class"), e.getMessage());
        handlers.add(String.class, lambda);
        handlers.onText("x", true);
        assertEquals(List.of("x"), received);
    }

    @Test
    @DisplayName("[WSC-2.1.3-2] a second handler for the same native type is refused, naming both")
    void duplicateNativeTypeRefused() {
        MessageHandlers handlers = plain();
        handlers.add(String.class, collect());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> handlers.add(Integer.class, collect())); // Integer is text too
        assertTrue(e.getMessage().contains("text message handler is already registered"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> handlers.add(String.class, (MessageHandler.Partial<String>) (s, last) -> { }));
        handlers.add(byte[].class, collect()); // binary is a different native type
        handlers.add(PongMessage.class, collect());
        assertThrows(IllegalStateException.class, () -> handlers.add(InputStream.class, collect()));
        assertThrows(IllegalStateException.class, () -> handlers.add(PongMessage.class, collect()));
        assertEquals(3, handlers.handlers().size());
    }

    @Test
    @DisplayName("Partial is only for String, ByteBuffer and byte[]")
    void partialOfOtherTypesRefused() {
        MessageHandlers handlers = plain();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> handlers.add(Integer.class, (MessageHandler.Partial<Integer>) (i, last) -> { }));
        assertTrue(e.getMessage().contains("Partial<Integer>"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> handlers.add(Reader.class, (MessageHandler.Partial<Reader>) (r, last) -> { }));
    }

    @Test
    void wholeTypeWithoutDecoderRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> plain().add(Point.class, collect()));
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
    }

    @Test
    void removeFreesTheNativeTypeAndSnapshotIsUnmodifiable() throws Exception {
        MessageHandlers handlers = plain();
        MessageHandler.Whole<String> first = received::add;
        handlers.add(String.class, first);
        Set<MessageHandler> snapshot = handlers.handlers();
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(first));
        handlers.remove(first);
        assertTrue(handlers.handlers().isEmpty());
        assertEquals(Set.of(first), snapshot);
        assertFalse(handlers.onText("nobody", true), "no text handler -> false, the session closes with 1003");
        handlers.add(Integer.class, collect());
        handlers.onText("7", true);
        assertEquals(List.of(7), received);
    }

    @Test
    void partialTextAndBinaryReceiveParts() throws Exception {
        MessageHandlers handlers = plain();
        handlers.add(String.class, (MessageHandler.Partial<String>) (s, last) -> received.add(s + ":" + last));
        handlers.add(byte[].class, (MessageHandler.Partial<byte[]>) (b, last) -> received.add(b.length + ":" + last));
        assertTrue(handlers.partialText());
        assertTrue(handlers.partialBinary());
        handlers.onText("a", false);
        handlers.onText("b", true);
        handlers.onBinary(ByteBuffer.wrap(new byte[2]), false);
        handlers.onBinary(ByteBuffer.wrap(new byte[1]), true);
        assertEquals(List.of("a:false", "b:true", "2:false", "1:true"), received);
    }

    @Test
    @DisplayName("javadoc of Session.addMessageHandler: the handler chosen for a message's first part gets the rest")
    void handlerKeptForWholeMessageDespiteRemoval() throws Exception {
        MessageHandlers handlers = plain();
        MessageHandler.Partial<String> partial = (s, last) -> received.add(s);
        handlers.add(String.class, partial);
        handlers.onText("one", false);
        handlers.remove(partial);
        handlers.add(String.class, (MessageHandler.Whole<String>) s -> received.add("whole " + s));
        handlers.onText("two", true);
        handlers.onText("three", true);
        assertEquals(List.of("one", "two", "whole three"), received);
    }

    @Test
    void wholeHandlerFedPartsGetsTheAssembledMessage() throws Exception {
        MessageHandlers handlers = plain();
        handlers.add(String.class, collect());
        handlers.onText("ab", false);
        handlers.onText("cd", true);
        handlers.add(ByteBuffer.class, b -> received.add(b.remaining()));
        handlers.onBinary(ByteBuffer.wrap(new byte[2]), false);
        handlers.onBinary(ByteBuffer.wrap(new byte[3]), true);
        assertEquals(List.of("abcd", 5), received);
    }

    @Test
    @DisplayName("[WSC-4.7-2] primitives: text converted with valueOf; char is the first character (README)")
    void convertsPrimitives() throws Exception {
        MessageHandlers ints = plain();
        ints.add(int.class, collect());
        ints.onText("-12", true);
        MessageHandlers chars = plain();
        chars.add(Character.class, collect());
        chars.onText("z", true);
        chars.onText("Echar", true); // Character has no String constructor: the first character, as the TCK expects
        MessageHandlers booleans = plain();
        booleans.add(Boolean.class, collect());
        booleans.onText("true", true);
        booleans.onText("nope", true);
        MessageHandlers doubles = plain();
        doubles.add(Double.class, collect());
        doubles.onText("1.5", true);
        assertEquals(List.of(-12, 'z', 'E', true, false, 1.5), received);
        DecodeException e = assertThrows(DecodeException.class, () -> ints.onText("twelve", true));
        assertEquals("twelve", e.getText());
        DecodeException empty = assertThrows(DecodeException.class, () -> chars.onText("", true));
        assertEquals("", empty.getText());
    }

    @Test
    void readerAndInputStreamWrapTheWholeMessage() throws Exception {
        MessageHandlers handlers = plain();
        handlers.add(Reader.class, r -> {
            try {
                char[] buf = new char[16];
                received.add(new String(buf, 0, r.read(buf)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        handlers.add(InputStream.class, in -> {
            try {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        handlers.onText("read me", true);
        handlers.onBinary(ByteBuffer.wrap("stream me".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(List.of("read me", "stream me"), received);
    }

    /** A user decoder for a form Wharf also reads natively: it marks what it produced. */
    public static final class MarkingReaderDecoder implements jakarta.websocket.Decoder.Text<Reader> {
        @Override
        public Reader decode(String s) {
            return new java.io.StringReader("decoded " + s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    public static final class MarkingInputStreamDecoder implements jakarta.websocket.Decoder.Binary<InputStream> {
        @Override
        public InputStream decode(ByteBuffer bytes) {
            byte[] all = ("decoded " + StandardCharsets.UTF_8.decode(bytes)).getBytes(StandardCharsets.UTF_8);
            return new java.io.ByteArrayInputStream(all);
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return true;
        }
    }

    /** Decodes only texts starting with "!"; the others are left to the native String form. */
    public static final class ShoutingStringDecoder implements jakarta.websocket.Decoder.Text<String> {
        @Override
        public String decode(String s) {
            return s.substring(1).toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public boolean willDecode(String s) {
            return s.startsWith("!");
        }
    }

    private static String readAll(Reader reader) {
        try {
            StringBuilder text = new StringBuilder();
            char[] buf = new char[64];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                text.append(buf, 0, n);
            }
            return text.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("[WSC-4.1.3-2] a configured decoder for Reader/InputStream wins over the native stream forms")
    void userDecoderForNativeStreamFormsWins() throws Exception {
        MessageHandlers handlers = new MessageHandlers(new Codecs(
                List.of(MarkingReaderDecoder.class, MarkingInputStreamDecoder.class), List.of(), null));
        handlers.add(Reader.class, r -> received.add(readAll(r)));
        handlers.add(InputStream.class, in -> {
            try {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // The message is assembled for the decoder rather than streamed to the handler.
        assertEquals(null, handlers.textStreamReceiver());
        assertEquals(null, handlers.binaryStreamReceiver());
        handlers.onText("text", true);
        handlers.onBinary(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(List.of("decoded text", "decoded bytes"), received);
    }

    @Test
    @DisplayName("[WSC-4.1.3-2] a decoder for String is asked first; what it declines arrives as the text itself")
    void declinedNativeTextFallsBackToTheText() throws Exception {
        MessageHandlers handlers = new MessageHandlers(new Codecs(List.of(ShoutingStringDecoder.class), List.of(),
                null));
        handlers.add(String.class, collect());
        handlers.onText("!hey", true);
        handlers.onText("calm", true);
        assertEquals(List.of("HEY", "calm"), received);
    }

    @Test
    void pongDeliveredAsPongMessage() throws Exception {
        MessageHandlers handlers = plain();
        assertFalse(handlers.onPong(ByteBuffer.wrap(new byte[] {1})));
        handlers.add(PongMessage.class, p -> received.add(p.getApplicationData()));
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 8});
        assertTrue(handlers.onPong(payload));
        payload.put(0, (byte) 0); // the session may reuse its buffer
        assertEquals(ByteBuffer.wrap(new byte[] {9, 8}), received.get(0));
    }

    @Test
    @DisplayName("[WSC-4.1.3-2] with two decoders for a type, the first whose willDecode accepts decodes")
    void willDecodeChoosesAmongDecoders() throws Exception {
        MessageHandlers handlers = new MessageHandlers(new Codecs(List.of(TestCodecs.RejectingDecoder.class,
                TestCodecs.PointDecoder.class, TestCodecs.ParenPointDecoder.class), List.of(), null));
        handlers.add(Point.class, collect());
        handlers.onText("1,2", true);
        handlers.onText("(3 4)", true);
        assertEquals(List.of(new Point(1, 2), new Point(30, 40)), received);
        DecodeException e = assertThrows(DecodeException.class, () -> handlers.onText("garbage", true));
        assertTrue(e.getMessage().contains("No decoder accepted"), e.getMessage());
    }

    @Test
    void binaryAndStreamDecoders() throws Exception {
        MessageHandlers text = new MessageHandlers(
                new Codecs(List.of(TestCodecs.TaggedStreamDecoder.class), List.of(), null));
        text.add(Tagged.class, collect());
        text.onText("abc", true);
        MessageHandlers binary = new MessageHandlers(new Codecs(
                List.of(TestCodecs.BinaryPointDecoder.class, TestCodecs.TaggedBinaryStreamDecoder.class), List.of(),
                null));
        binary.add(Point.class, collect());
        binary.onBinary(ByteBuffer.wrap(new byte[] {5, 6}), true);
        DecodeException e = assertThrows(DecodeException.class,
                () -> binary.onBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true));
        assertEquals(3, e.getBytes().remaining());
        MessageHandlers tagged = new MessageHandlers(new Codecs(
                List.of(TestCodecs.TaggedBinaryStreamDecoder.class), List.of(), null));
        tagged.add(Tagged.class, collect());
        tagged.onBinary(ByteBuffer.wrap("xy".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(List.of(new Tagged("stream:abc"), new Point(5, 6), new Tagged("bytes:xy")), received);
    }

    @Test
    void concurrentAddRemoveDuringDispatchIsSafe() throws Exception {
        MessageHandlers handlers = plain();
        handlers.add(String.class, s -> { });
        Thread churn = new Thread(() -> {
            MessageHandler.Whole<ByteBuffer> h = b -> { };
            for (int i = 0; i < 10_000; i++) {
                handlers.add(ByteBuffer.class, h);
                handlers.remove(h);
            }
        });
        churn.start();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(handlers.onText("m", true));
        }
        churn.join();
        assertEquals(1, handlers.handlers().size());
    }
}
