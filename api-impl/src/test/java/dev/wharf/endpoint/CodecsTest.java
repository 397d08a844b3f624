package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.TestCodecs.Circle;
import dev.wharf.endpoint.TestCodecs.Point;
import dev.wharf.endpoint.TestCodecs.Shape;
import dev.wharf.endpoint.TestCodecs.Tagged;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CodecsTest {

    private static Codecs encoders(List<Class<? extends Encoder>> encoders) {
        return new Codecs(List.of(), encoders, null);
    }

    @Test
    void builtInsEncodeStringsPrimitivesAndBytes() throws Exception {
        Codecs codecs = encoders(List.of());
        assertEquals("hi", codecs.encode("hi"));
        assertEquals("42", codecs.encode(42));
        assertEquals("x", codecs.encode('x'));
        assertEquals("true", codecs.encode(true));
        assertEquals("2.5", codecs.encode(2.5d));
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1});
        assertSame(buffer, codecs.encode(buffer));
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2}), codecs.encode(new byte[] {1, 2}));
    }

    @Test
    @DisplayName("[WSC-4.1.2-1] an object of the encoder's type is encoded by it, text or binary")
    void encodesWithMatchingEncoder() throws Exception {
        assertEquals("3,4", encoders(List.of(TestCodecs.PointEncoder.class)).encode(new Point(3, 4)));
        assertEquals(ByteBuffer.wrap(new byte[] {3, 4}),
                encoders(List.of(TestCodecs.PointBinaryEncoder.class)).encode(new Point(3, 4)));
    }

    @Test
    @DisplayName("[WSC-4.1.2-1] a subclass matches; the most specific encoder type wins whatever the order")
    void mostSpecificEncoderWins() throws Exception {
        Codecs codecs = encoders(List.of(TestCodecs.ShapeEncoder.class, TestCodecs.CircleEncoder.class));
        assertEquals("circle!", codecs.encode(new Circle()));
        assertEquals("shape:square", codecs.encode(new Shape("square")));
        Codecs reversed = encoders(List.of(TestCodecs.CircleEncoder.class, TestCodecs.ShapeEncoder.class));
        assertEquals("circle!", reversed.encode(new Circle()));
    }

    @Test
    @DisplayName("javadoc of @OnMessage: a configured encoder for a boxed type wins over String.valueOf")
    void configuredEncoderBeatsPrimitiveDefault() throws Exception {
        assertEquals("0xff", encoders(List.of(TestCodecs.HexIntegerEncoder.class)).encode(255));
    }

    @Test
    void streamEncodersWriteIntoMemory() throws Exception {
        assertEquals("<a>", encoders(List.of(TestCodecs.TaggedStreamEncoder.class)).encode(new Tagged("a")));
        ByteBuffer bytes = (ByteBuffer) encoders(List.of(TestCodecs.TaggedBinaryStreamEncoder.class))
                .encode(new Tagged("b"));
        assertEquals("b", StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Test
    void unencodableObjectFailsWithClearMessage() {
        EncodeException e = assertThrows(EncodeException.class, () -> encoders(List.of()).encode(new Point(1, 2)));
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
        assertThrows(EncodeException.class, () -> encoders(List.of(TestCodecs.FailingEncoder.class))
                .encode(new Point(1, 2)));
    }

    @Test
    @DisplayName("[WSC-4.1.2-1] codecs are instantiated and init'ed per session, destroyed exactly once")
    void initAndDestroyOnce() {
        TestCodecs.LIFECYCLE.clear();
        Codecs codecs = new Codecs(List.of(TestCodecs.PointDecoder.class), List.of(TestCodecs.PointEncoder.class),
                null);
        assertEquals(List.of("init PointDecoder", "init PointEncoder"), TestCodecs.LIFECYCLE);
        codecs.destroy();
        codecs.destroy();
        assertEquals(List.of("init PointDecoder", "init PointEncoder", "destroy PointDecoder",
                "destroy PointEncoder"), TestCodecs.LIFECYCLE);
    }

    @Test
    void eachSessionGetsItsOwnInstances() {
        Codecs a = new Codecs(List.of(TestCodecs.PointDecoder.class), List.of(), null);
        Codecs b = new Codecs(List.of(TestCodecs.PointDecoder.class), List.of(), null);
        assertTrue(a.decodersFor(Point.class, true).get(0) != b.decodersFor(Point.class, true).get(0));
    }

    static final class Hidden implements Decoder.Text<String> {
        @Override
        public String decode(String s) {
            return s;
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    @Test
    void uninstantiableCodecFailsAndDestroysEarlierOnes() {
        TestCodecs.LIFECYCLE.clear();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Codecs(List.of(TestCodecs.PointDecoder.class, Hidden.class), List.of(), null));
        assertTrue(e.getMessage().contains(Hidden.class.getName()), e.getMessage());
        assertEquals(List.of("init PointDecoder", "destroy PointDecoder"), TestCodecs.LIFECYCLE);
    }

    /** A generic base class binding T in a subclass: the type is still found. */
    public abstract static class BaseTextEncoder<T> implements Encoder.Text<T> {
    }

    public static final class PointViaBase extends BaseTextEncoder<Point> {
        @Override
        public String encode(Point p) {
            return "via base";
        }
    }

    @Test
    void targetTypeResolvesThroughGenericSuperclass() throws Exception {
        assertEquals(Point.class, Codecs.targetType(TestCodecs.PointDecoder.class));
        assertEquals(Tagged.class, Codecs.targetType(TestCodecs.TaggedBinaryStreamEncoder.class));
        assertEquals(Point.class, Codecs.targetType(PointViaBase.class));
        assertNull(Codecs.targetType(BaseTextEncoder.class));
        assertNull(Codecs.targetType(String.class));
        assertEquals("via base", encoders(List.of(PointViaBase.class)).encode(new Point(0, 0)));
    }
}
