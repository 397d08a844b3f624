package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.TestCodecs.Point;
import dev.wharf.endpoint.TestCodecs.Tagged;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Dispatch through {@link AnnotatedEndpoint}: parameters resolved, results sent, errors routed. */
public class AnnotatedEndpointTest {

    static final List<Object> CALLS = new ArrayList<>();

    private static FakeSession open(Class<?> type, Object instance, FakeSession session) throws Exception {
        CALLS.clear();
        Codecs codecs = new Codecs(AnnotatedEndpointModel.of(type).decoders(),
                AnnotatedEndpointModel.of(type).encoders(), null);
        FakeSession s = session != null ? session : new FakeSession(codecs);
        s.open(new AnnotatedEndpoint(AnnotatedEndpointModel.of(type), instance), null);
        return s;
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- lifecycle parameters ----

    @ServerEndpoint("/rooms/{room}/{level}")
    public static class Lifecycle {
        @OnOpen
        public void open(EndpointConfig config, @PathParam("room") String room, Session session,
                @PathParam("level") int level, @PathParam("missing") String missing) {
            CALLS.add(List.of("open", room, level, String.valueOf(missing), session.getId()));
        }

        @OnMessage
        public String echo(String text, @PathParam("level") Integer level) {
            return text + "@" + level;
        }

        @OnClose
        public void close(CloseReason reason, Session session) {
            CALLS.add("close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
        }

        @OnError
        public void error(Throwable t, Session session, @PathParam("room") String room) {
            CALLS.add("error in " + room + ": " + t.getClass().getSimpleName());
        }
    }

    @Test
    @DisplayName("[WSC-4.4-2] [WSC-4.3-4] [WSC-4.3-5] [WSC-4.3-3] @OnOpen gets Session, config and converted path params")
    void lifecycleParametersResolved() throws Exception {
        FakeSession session = new FakeSession().path("room", "kitchen").path("level", "3");
        open(Lifecycle.class, new Lifecycle(), session);
        assertEquals(List.of(List.of("open", "kitchen", 3, "null", "fake-1")), CALLS);
        session.text("hi");
        assertEquals(List.of("hi@3"), session.sent, "[WSC-4.7-3] a returned value is sent back");
        session.closeWith(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "bye"));
        assertEquals("close 1001 bye", CALLS.get(1));
    }

    @Test
    @DisplayName("[WSC-4.3-6] a path segment that does not convert raises a DecodeException to @OnError")
    void pathParamConversionFailureGoesToOnError() throws Exception {
        FakeSession session = new FakeSession().path("room", "hall").path("level", "high");
        open(Lifecycle.class, new Lifecycle(), session);
        assertEquals(List.of("error in hall: DecodeException"), CALLS);
        session.text("x");
        assertInstanceOf(DecodeException.class, session.routedErrors.get(1));
        assertTrue(session.routedErrors.get(1).getMessage().contains("'level' = \"high\" to Integer"));
        assertTrue(session.sent.isEmpty());
    }

    // ---- message parameter kinds ----

    @ClientEndpoint(decoders = {TestCodecs.RejectingDecoder.class, TestCodecs.PointDecoder.class,
            TestCodecs.ParenPointDecoder.class, TestCodecs.TaggedBinaryStreamDecoder.class},
            encoders = TestCodecs.PointEncoder.class)
    public static class Decoded {
        @OnMessage
        public Point text(Point p) {
            return new Point(p.y(), p.x());
        }

        @OnMessage
        public void binary(Session session, Tagged t) {
            CALLS.add(t);
        }
    }

    @Test
    @DisplayName("[WSC-4.1.3-2] decoded parameters: willDecode picks among two decoders; encoder sends result")
    void decodedParameters() throws Exception {
        FakeSession session = open(Decoded.class, new Decoded(), null);
        session.text("1,2");
        session.text("(3 4)");
        session.binary(bytes("b"), true);
        assertEquals(List.of(new Point(2, 1), new Point(40, 30)), session.sent);
        assertEquals(List.of(new Tagged("bytes:b")), CALLS);
    }

    @ClientEndpoint(decoders = TestCodecs.TaggedStreamDecoder.class)
    public static class StreamDecoded {
        @OnMessage
        public void text(Tagged t) {
            CALLS.add(t);
        }
    }

    @Test
    void textStreamDecoderParameter() throws Exception {
        FakeSession session = open(StreamDecoded.class, new StreamDecoded(), null);
        session.text("abc");
        assertEquals(List.of(new Tagged("stream:abc")), CALLS);
    }

    @ClientEndpoint
    public static class Primitives {
        @OnMessage
        public int text(int value) {
            CALLS.add(value);
            return value * 2;
        }
    }

    @ClientEndpoint
    public static class Chars {
        @OnMessage
        public boolean text(char c) {
            CALLS.add(c);
            return c == 'y';
        }
    }

    @ClientEndpoint
    public static class Booleans {
        @OnMessage
        public void text(boolean b) {
            CALLS.add(b);
        }
    }

    @Test
    @DisplayName("[WSC-4.7-2] [WSC-4.7-3] primitive parameters converted; primitive results sent")
    void primitiveParameters() throws Exception {
        FakeSession ints = open(Primitives.class, new Primitives(), null);
        ints.text("21");
        assertEquals(List.of(21), CALLS);
        assertEquals(List.of(42), ints.sent);
        ints.text("x");
        assertInstanceOf(DecodeException.class, ints.routedErrors.get(0));

        FakeSession chars = open(Chars.class, new Chars(), null);
        chars.text("y");
        assertEquals(List.of('y'), CALLS);
        assertEquals(List.of(true), chars.sent);

        FakeSession booleans = open(Booleans.class, new Booleans(), null);
        booleans.text("true");
        booleans.text("false");
        assertEquals(List.of(true, false), CALLS);
    }

    @ClientEndpoint
    public static class Streams {
        @OnMessage
        public void text(Reader reader) throws IOException {
            char[] buffer = new char[32];
            CALLS.add(new String(buffer, 0, reader.read(buffer)));
        }

        @OnMessage
        public void binary(InputStream in) throws IOException {
            CALLS.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readerAndInputStreamParameters() throws Exception {
        FakeSession session = open(Streams.class, new Streams(), null);
        session.text("reader");
        session.binary(bytes("stream"), true);
        assertEquals(List.of("reader", "stream"), CALLS);
    }

    @ClientEndpoint
    public static class Parts {
        @OnMessage
        public void text(boolean last, String part) {
            CALLS.add(part + (last ? "." : "+"));
        }

        @OnMessage
        public void binary(byte[] part, boolean last) {
            CALLS.add(part.length + (last ? "." : "+"));
        }
    }

    @Test
    void partialStringAndByteArrayParameters() throws Exception {
        FakeSession session = open(Parts.class, new Parts(), null);
        assertTrue(session.handlers.partialText() && session.handlers.partialBinary());
        session.text("a", false);
        session.text("b", true);
        session.binary(ByteBuffer.wrap(new byte[4]), false);
        session.binary(ByteBuffer.wrap(new byte[1]), true);
        assertEquals(List.of("a+", "b.", "4+", "1."), CALLS);
    }

    @ClientEndpoint
    public static class Binary {
        @OnMessage(maxMessageSize = 64)
        public ByteBuffer whole(ByteBuffer data) {
            return data;
        }

        @OnMessage(maxMessageSize = 10)
        public byte[] pong(PongMessage pong, Session session) {
            CALLS.add(pong.getApplicationData().remaining());
            return new byte[] {7};
        }

        @OnMessage(maxMessageSize = 3_000_000_000L - 1_000_000_000L)
        public void text(String s, boolean last) {
        }
    }

    @Test
    @DisplayName("maxMessageSize sets the session buffer sizes; ByteBuffer and PongMessage parameters; byte[] result")
    void binaryPongAndSizes() throws Exception {
        FakeSession session = open(Binary.class, new Binary(), null);
        assertEquals(64, session.maxBinary);
        assertEquals(2_000_000_000, session.maxText);
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2});
        session.binary(data, true);
        assertSame(data, session.sent.get(0));
        assertTrue(session.pong(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertEquals(List.of(3), CALLS);
        assertEquals(ByteBuffer.wrap(new byte[] {7}), ByteBuffer.wrap((byte[]) session.sent.get(1)));
    }

    // ---- errors ----

    public static class Boom extends Exception {
        public Boom(String message) {
            super(message);
        }
    }

    @ServerEndpoint("/errors")
    public static class Failing {
        @OnOpen
        public void open() throws Boom {
            throw new Boom("open");
        }

        @OnMessage
        public String text(String s) throws Boom {
            if (s.equals("throw")) {
                throw new Boom("message");
            }
            return s;
        }

        @OnClose
        public void close() {
            throw new IllegalStateException("close");
        }

        @OnError
        public void error(Throwable t) {
            CALLS.add(t.getClass().getSimpleName() + ":" + t.getMessage());
        }
    }

    @Test
    @DisplayName("[WSC-5.2.2-2] [WSC-4.5-3] user exceptions reach @OnError unwrapped; send failures too")
    void userExceptionsReachOnError() throws Exception {
        FakeSession session = open(Failing.class, new Failing(), null);
        assertEquals(List.of("Boom:open"), CALLS, "checked exception from @OnOpen propagates to the session");
        assertInstanceOf(Boom.class, session.routedErrors.get(0));
        session.text("throw");
        assertInstanceOf(Boom.class, session.routedErrors.get(1));
        session.sendFailure = new IOException("broken pipe");
        session.text("ok");
        session.closeWith(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        assertEquals(List.of("Boom:open", "Boom:message", "IOException:broken pipe",
                "IllegalStateException:close"), CALLS);
    }

    @ClientEndpoint
    public static class NoErrorMethod {
        @OnMessage
        public void text(String s) {
            throw new IllegalArgumentException(s);
        }
    }

    @ClientEndpoint
    public static class ThrowingErrorMethod {
        @OnError
        public void error(Throwable t) {
            CALLS.add("error");
            throw new IllegalStateException("in @OnError");
        }
    }

    @Test
    @DisplayName("[WSC-5.2.2-4] an @OnError method that throws is logged, not propagated")
    void failingOnErrorIsLogged() throws Exception {
        AnnotatedEndpoint endpoint = new AnnotatedEndpoint(AnnotatedEndpointModel.of(ThrowingErrorMethod.class),
                new ThrowingErrorMethod());
        CALLS.clear();
        endpoint.onError(new FakeSession(), new RuntimeException("original"));
        assertEquals(List.of("error"), CALLS);
    }

    @Test
    @DisplayName("[WSC-5.2.2-3] without @OnError the error is logged, not thrown")
    void noOnErrorLogs() throws Exception {
        FakeSession session = open(NoErrorMethod.class, new NoErrorMethod(), null);
        session.text("bad"); // routed to onError, which logs at WARNING
        assertInstanceOf(IllegalArgumentException.class, session.routedErrors.get(0));
    }

    @Test
    void instanceMustMatchTheModel() throws Exception {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.of(NoErrorMethod.class);
        assertThrows(IllegalArgumentException.class, () -> new AnnotatedEndpoint(model, new Object()));
    }
}
