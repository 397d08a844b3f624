package dev.wharf.endpoint;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encoders, decoders and message types shared by the tests. Public: the container instantiates them. */
public final class TestCodecs {

    /** Records init/destroy calls across all codecs, in order. */
    static final List<String> LIFECYCLE = new ArrayList<>();

    public record Point(int x, int y) {
    }

    public record Tagged(String tag) {
    }

    public static class Shape {
        public final String name;

        public Shape(String name) {
            this.name = name;
        }
    }

    public static final class Circle extends Shape {
        public Circle() {
            super("circle");
        }
    }

    /** Accepts "x,y". */
    public static final class PointDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) {
            String[] parts = s.split(",");
            return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public boolean willDecode(String s) {
            return s.matches("-?\\d+,-?\\d+");
        }

        @Override
        public void init(EndpointConfig config) {
            LIFECYCLE.add("init PointDecoder");
        }

        @Override
        public void destroy() {
            LIFECYCLE.add("destroy PointDecoder");
        }
    }

    /** Accepts "(x y)": a second decoder for the same type, chosen by willDecode. */
    public static final class ParenPointDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) {
            String[] parts = s.substring(1, s.length() - 1).split(" ");
            return new Point(Integer.parseInt(parts[0]) * 10, Integer.parseInt(parts[1]) * 10);
        }

        @Override
        public boolean willDecode(String s) {
            return s.startsWith("(");
        }
    }

    public static final class TaggedStreamDecoder implements Decoder.TextStream<Tagged> {
        @Override
        public Tagged decode(Reader reader) throws IOException {
            StringBuilder text = new StringBuilder();
            for (int c; (c = reader.read()) >= 0; ) {
                text.append((char) c);
            }
            return new Tagged("stream:" + text);
        }
    }

    /** First byte is x, second is y. */
    public static final class BinaryPointDecoder implements Decoder.Binary<Point> {
        @Override
        public Point decode(ByteBuffer bytes) {
            return new Point(bytes.get(), bytes.get());
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return bytes.remaining() == 2;
        }
    }

    public static final class TaggedBinaryStreamDecoder implements Decoder.BinaryStream<Tagged> {
        @Override
        public Tagged decode(InputStream is) throws IOException {
            return new Tagged("bytes:" + new String(is.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static final class RejectingDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            throw new DecodeException(s, "never");
        }

        @Override
        public boolean willDecode(String s) {
            return false;
        }
    }

    public static final class PointEncoder implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) {
            return p.x() + "," + p.y();
        }

        @Override
        public void init(EndpointConfig config) {
            LIFECYCLE.add("init PointEncoder");
        }

        @Override
        public void destroy() {
            LIFECYCLE.add("destroy PointEncoder");
        }
    }

    public static final class ShapeEncoder implements Encoder.Text<Shape> {
        @Override
        public String encode(Shape s) {
            return "shape:" + s.name;
        }
    }

    public static final class CircleEncoder implements Encoder.Text<Circle> {
        @Override
        public String encode(Circle c) {
            return "circle!";
        }
    }

    public static final class TaggedStreamEncoder implements Encoder.TextStream<Tagged> {
        @Override
        public void encode(Tagged t, Writer writer) throws IOException {
            writer.write("<" + t.tag() + ">");
        }
    }

    public static final class TaggedBinaryStreamEncoder implements Encoder.BinaryStream<Tagged> {
        @Override
        public void encode(Tagged t, OutputStream os) throws IOException {
            os.write(t.tag().getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final class PointBinaryEncoder implements Encoder.Binary<Point> {
        @Override
        public ByteBuffer encode(Point p) {
            return ByteBuffer.wrap(new byte[] {(byte) p.x(), (byte) p.y()});
        }
    }

    /** Javadoc of @OnMessage: a configured encoder for a primitive's wrapper wins over String.valueOf. */
    public static final class HexIntegerEncoder implements Encoder.Text<Integer> {
        @Override
        public String encode(Integer i) {
            return "0x" + Integer.toHexString(i);
        }
    }

    public static final class FailingEncoder implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) throws EncodeException {
            throw new EncodeException(p, "refused");
        }
    }

    private TestCodecs() {
    }
}
