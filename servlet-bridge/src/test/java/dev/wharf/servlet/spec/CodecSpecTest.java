package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;

/**
 * Encoders and decoders (spec 4.1.2, 4.1.3, 4.7; javadoc of {@code Encoder}, {@code Decoder},
 * {@code RemoteEndpoint.Basic.sendObject}), end to end.
 */
@DisplayName("Encoders and decoders [WSC-4.1.2-1, WSC-4.1.3-1, WSC-4.7]")
class CodecSpecTest extends SpecHostedTest {

    public record Shape(String kind, int size) {}

    public record Point(int x, int y) {}

    public record Words(String joined) {}

    public record Blob(byte[] bytes) {}

    public static class CircleDecoder implements Decoder.Text<Shape> {
        @Override
        public Shape decode(String s) throws DecodeException {
            try {
                return new Shape("circle", Integer.parseInt(s.substring("circle:".length())));
            } catch (NumberFormatException e) {
                throw new DecodeException(s, "bad circle size", e);
            }
        }

        @Override
        public boolean willDecode(String s) {
            return s.startsWith("circle:");
        }
    }

    public static class SquareDecoder implements Decoder.Text<Shape> {
        @Override
        public Shape decode(String s) {
            return new Shape("square", Integer.parseInt(s.substring("square:".length())));
        }

        @Override
        public boolean willDecode(String s) {
            return s.startsWith("square:");
        }
    }

    public static class ShapeEncoder implements Encoder.Text<Shape> {
        @Override
        public String encode(Shape shape) throws EncodeException {
            if (shape.size() < 0) {
                throw new EncodeException(shape, "negative size");
            }
            return shape.kind() + "(" + shape.size() + ")";
        }
    }

    /** Text messages decoded by whichever decoder will decode them; replies encoded by the return value. */
    @ServerEndpoint(value = "/shapes", decoders = {CircleDecoder.class, SquareDecoder.class},
            encoders = ShapeEncoder.class)
    public static class Shapes {
        @OnMessage
        public Shape onShape(Shape shape) {
            return shape.size() == 99 ? new Shape(shape.kind(), -1) : shape;
        }

        @OnError
        public void onError(Session session, Throwable error) throws IOException {
            session.getBasicRemote().sendText("error:" + error.getClass().getSimpleName());
        }
    }

    public static class PointDecoder implements Decoder.Binary<Point> {
        @Override
        public Point decode(ByteBuffer bytes) {
            return new Point(bytes.getInt(), bytes.getInt());
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return bytes.remaining() == 8;
        }
    }

    public static class PointEncoder implements Encoder.Binary<Point> {
        @Override
        public ByteBuffer encode(Point p) {
            return ByteBuffer.allocate(8).putInt(p.y()).putInt(p.x()).flip();
        }
    }

    /** Binary decoder and encoder: replies with the point mirrored. */
    @ServerEndpoint(value = "/points", decoders = PointDecoder.class, encoders = PointEncoder.class)
    public static class Points {
        @OnMessage
        public Point onPoint(Point p) {
            return p;
        }
    }

    public static class WordsDecoder implements Decoder.TextStream<Words> {
        @Override
        public Words decode(Reader reader) throws IOException {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[64];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                sb.append(buf, 0, n);
            }
            return new Words(String.join("+", sb.toString().split(" ")));
        }
    }

    public static class WordsEncoder implements Encoder.TextStream<Words> {
        @Override
        public void encode(Words words, Writer writer) throws IOException {
            writer.write("words:" + words.joined());
        }
    }

    public static class BlobDecoder implements Decoder.BinaryStream<Blob> {
        @Override
        public Blob decode(InputStream in) throws IOException {
            return new Blob(in.readAllBytes());
        }
    }

    public static class BlobEncoder implements Encoder.BinaryStream<Blob> {
        @Override
        public void encode(Blob blob, OutputStream out) throws IOException {
            out.write(blob.bytes().length);
            out.write(blob.bytes());
        }
    }

    /** Stream decoders and encoders for both native types. */
    @ServerEndpoint(value = "/streams", decoders = {WordsDecoder.class, BlobDecoder.class},
            encoders = {WordsEncoder.class, BlobEncoder.class})
    public static class Streams {
        @OnMessage
        public Words onWords(Words words) {
            return words;
        }

        @OnMessage
        public Blob onBlob(Blob blob) {
            return blob;
        }
    }

    /** {@code sendObject} of every kind of value, asked for by name. */
    @ServerEndpoint(value = "/send", encoders = ShapeEncoder.class)
    public static class Send {
        @OnMessage
        public void onText(Session session, String what) throws IOException {
            try {
                Object value = switch (what) {
                    case "int" -> 42;
                    case "boolean" -> true;
                    case "char" -> 'c';
                    case "double" -> 2.5d;
                    case "Long" -> Long.valueOf(7);
                    case "String" -> "plain";
                    case "ByteBuffer" -> ByteBuffer.wrap(new byte[] {1, 2, 3});
                    case "byte[]" -> new byte[] {4, 5};
                    case "Shape" -> new Shape("square", 2);
                    case "bad Shape" -> new Shape("square", -1);
                    default -> new Object();
                };
                session.getBasicRemote().sendObject(value);
            } catch (EncodeException e) {
                session.getBasicRemote().sendText("EncodeException");
            }
        }

        @OnMessage
        public void onBinary(Session session, ByteBuffer what) throws Exception {
            // The asynchronous form encodes the same way.
            session.getAsyncRemote().sendObject(new Shape("async", what.remaining())).get(10, TimeUnit.SECONDS);
        }
    }

    /** Return values of {@code @OnMessage}: primitives, boxed, byte[] are sent as the spec says. */
    @ServerEndpoint("/returns/int")
    public static class ReturnsInt {
        @OnMessage
        public int length(String text) {
            return text.length();
        }
    }

    @ServerEndpoint("/returns/bytes")
    public static class ReturnsBytes {
        @OnMessage
        public byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    @ServerEndpoint("/returns/boxed")
    public static class ReturnsBoxed {
        @OnMessage
        public Boolean empty(String text) {
            return text.isEmpty();
        }
    }

    static final BlockingQueue<String> LIFECYCLE = new LinkedBlockingQueue<>();

    /** Counts the messages it decoded: a fresh instance per session starts at 1. */
    public static class CountingDecoder implements Decoder.Text<Integer> {
        private final AtomicInteger decoded = new AtomicInteger();

        @Override
        public void init(EndpointConfig config) {
            LIFECYCLE.add("init");
        }

        @Override
        public Integer decode(String s) {
            return decoded.incrementAndGet();
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }

        @Override
        public void destroy() {
            LIFECYCLE.add("destroy");
        }
    }

    @ServerEndpoint(value = "/counting", decoders = CountingDecoder.class)
    public static class Counting {
        @OnMessage
        public String onCount(Integer count) {
            return "count " + count;
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Shapes.class, Points.class, Streams.class,
                Send.class, ReturnsInt.class, ReturnsBytes.class, ReturnsBoxed.class, Counting.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-4.1.3-1] willDecode picks among several text decoders; return value goes through the encoder")
    void willDecodeSelectsTheDecoder(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/shapes"))) {
            assertEquals("circle(3)", ws.ask("circle:3"));
            assertEquals("square(4)", ws.ask("square:4"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-5.2.2-2] a DecodeException from a decoder reaches @OnError; the session stays open")
    void decodeExceptionReachesOnError(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/shapes"))) {
            assertEquals("error:DecodeException", ws.ask("circle:x"));
            assertEquals("circle(1)", ws.ask("circle:1"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-5.2.2-2] a message no decoder will decode is reported to @OnError as DecodeException")
    void noDecoderWillDecode(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/shapes"))) {
            assertEquals("error:DecodeException", ws.ask("triangle:3"));
            assertEquals("square(1)", ws.ask("square:1"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7] an EncodeException encoding the @OnMessage return value reaches @OnError")
    void encodeExceptionOfReturnValueReachesOnError(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/shapes"))) {
            assertEquals("error:EncodeException", ws.ask("circle:99"));
            assertEquals("circle(2)", ws.ask("circle:2"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.1.2-1, WSC-4.1.3-1] Decoder.Binary and Encoder.Binary")
    void binaryCodecs(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/points"))) {
            ws.sendBinary(ByteBuffer.allocate(8).putInt(3).putInt(5).array());
            ByteBuffer reply = ByteBuffer.wrap(ws.nextBinary());
            assertEquals(5, reply.getInt());
            assertEquals(3, reply.getInt());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.1.2-1, WSC-4.1.3-1] Decoder.TextStream/BinaryStream and Encoder.TextStream/BinaryStream")
    void streamCodecs(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/streams"))) {
            assertEquals("words:a+b+c", ws.ask("a b c"));
            ws.sendBinary(new byte[] {9, 8, 7});
            assertArrayEquals(new byte[] {3, 9, 8, 7}, ws.nextBinary());
        }
    }

    @OnHosts
    @DisplayName("[RemoteEndpoint.sendObject] primitives, boxed and String as text; ByteBuffer and byte[] as binary")
    void sendObjectOfBuiltInTypes(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/send"))) {
            assertEquals("42", ws.ask("int"));
            assertEquals("true", ws.ask("boolean"));
            assertEquals("c", ws.ask("char"));
            assertEquals("2.5", ws.ask("double"));
            assertEquals("7", ws.ask("Long"));
            assertEquals("plain", ws.ask("String"));
            ws.sendText("ByteBuffer");
            assertArrayEquals(new byte[] {1, 2, 3}, ws.nextBinary());
            ws.sendText("byte[]");
            assertArrayEquals(new byte[] {4, 5}, ws.nextBinary());
        }
    }

    @OnHosts
    @DisplayName("[RemoteEndpoint.sendObject] encoded objects; EncodeException when no encoder fits or it fails")
    void sendObjectThroughEncoders(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/send"))) {
            assertEquals("square(2)", ws.ask("Shape"));
            assertEquals("EncodeException", ws.ask("bad Shape"));
            assertEquals("EncodeException", ws.ask("Object"));
            ws.sendBinary(new byte[5]);
            assertEquals("async(5)", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7] @OnMessage return values: primitive and boxed as text, byte[] as binary")
    void returnValues(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/returns/int"))) {
            assertEquals("5", ws.ask("hello"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/returns/boxed"))) {
            assertEquals("false", ws.ask("x"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/returns/bytes"))) {
            ws.sendText("hi");
            assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), ws.nextBinary());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.1.3-1] one decoder instance per session: init at open, destroy at close")
    void decoderPerSession(Host host) throws Exception {
        LIFECYCLE.clear();
        try (Ws first = Ws.connect(host.wsUri("/counting"))) {
            assertEquals("init", LIFECYCLE.poll(10, TimeUnit.SECONDS));
            assertEquals("count 1", first.ask("a"));
            assertEquals("count 2", first.ask("b"));
            try (Ws second = Ws.connect(host.wsUri("/counting"))) {
                assertEquals("init", LIFECYCLE.poll(10, TimeUnit.SECONDS));
                assertEquals("count 1", second.ask("a"));
                second.closeNormally();
                assertEquals("destroy", LIFECYCLE.poll(10, TimeUnit.SECONDS));
            }
            assertEquals("count 3", first.ask("c"));
            first.closeNormally();
            assertEquals("destroy", LIFECYCLE.poll(10, TimeUnit.SECONDS));
        }
        assertTrue(LIFECYCLE.isEmpty(), "no further init/destroy: " + LIFECYCLE);
        assertNotNull(host);
    }
}
