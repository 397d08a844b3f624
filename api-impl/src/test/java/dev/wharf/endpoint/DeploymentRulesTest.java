package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every deployment rule of spec chapter 4: the exception names class, method and rule. */
public class DeploymentRulesTest {

    static String problems(Class<?> endpoint) {
        return assertThrows(DeploymentException.class, () -> AnnotatedEndpointModel.of(endpoint)).getMessage();
    }

    static void assertReports(Class<?> endpoint, String method, String... fragments) {
        String message = problems(endpoint);
        assertTrue(message.contains(endpoint.getName()), message);
        assertTrue(message.contains(method), "names " + method + ": " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "contains '" + fragment + "': " + message);
        }
    }

    // ---- valid endpoints ----

    @ServerEndpoint(value = "/chat/{room}", subprotocols = {"v1", "v2"},
            decoders = TestCodecs.PointDecoder.class, encoders = TestCodecs.PointEncoder.class)
    public static class Valid {
        @OnOpen
        public void open(Session s, EndpointConfig c, @PathParam("room") String room) {
        }

        @OnMessage(maxMessageSize = 1000)
        public TestCodecs.Point text(TestCodecs.Point p, Session s, @PathParam("room") int room) {
            return p;
        }

        @OnMessage(maxMessageSize = 2000)
        public void binary(boolean last, Session s, byte[] part) {
        }

        @OnMessage(maxMessageSize = 5)
        public void pong(PongMessage pong) {
        }

        @OnClose
        public void close(CloseReason reason, Session s) {
        }

        @OnError
        public void error(Session s, Throwable t, @PathParam("room") Long room) {
        }
    }

    @Test
    @DisplayName("[WSC-4.1-1] a valid server endpoint exposes its annotation attributes and handlers")
    void validServerEndpoint() throws Exception {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.of(Valid.class);
        assertTrue(model.isServerEndpoint());
        assertEquals("/chat/{room}", model.path());
        assertEquals(List.of("v1", "v2"), model.subprotocols());
        assertEquals(List.of(TestCodecs.PointDecoder.class), model.decoders());
        assertEquals(List.of(TestCodecs.PointEncoder.class), model.encoders());
        assertEquals(ServerEndpointConfig.Configurator.class, model.configurator());
        assertTrue(model.hasPublicNoArgConstructor());
        assertTrue(model.hasTextHandler() && model.hasBinaryHandler() && model.hasPongHandler());
        assertEquals(1000, model.maxTextMessageSize());
        assertEquals(2000, model.maxBinaryMessageSize());
    }

    @ClientEndpoint(subprotocols = "chat")
    public static class ValidClient {
        public ValidClient(String needsArgument) {
        }

        @OnMessage
        public void stream(InputStream in) {
        }
    }

    @Test
    @DisplayName("[WSC-4.2-1] a client endpoint without a no-arg constructor deploys; the caller decides")
    void clientEndpointWithoutNoArgConstructor() throws Exception {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.of(ValidClient.class);
        assertFalse(model.isServerEndpoint());
        assertFalse(model.hasPublicNoArgConstructor());
        assertEquals(List.of("chat"), model.subprotocols());
        assertTrue(model.hasBinaryHandler());
        assertFalse(model.hasTextHandler());
        assertEquals(-1, model.maxTextMessageSize());
        assertEquals(-1, model.maxBinaryMessageSize());
    }

    // ---- lifecycle methods ----

    @ServerEndpoint("/x")
    public static class TwoOnOpen {
        @OnOpen
        public void a() {
        }

        @OnOpen
        public void b(Session s) {
        }
    }

    @Test
    @DisplayName("[WSC-4.4-3] at most one @OnOpen")
    void twoOnOpen() {
        assertReports(TwoOnOpen.class, "TwoOnOpen.b(Session)", "@OnOpen is already on", "TwoOnOpen.a()",
                "[WSC-4.4-3]");
    }

    @ServerEndpoint("/x")
    public static class TwoOnClose {
        @OnClose
        public void a() {
        }

        @OnClose
        public void b() {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoOnError {
        @OnError
        public void a(Throwable t) {
        }

        @OnError
        public void b(Throwable t) {
        }
    }

    @Test
    @DisplayName("[WSC-4.5-4] [WSC-4.6-3] at most one @OnClose and one @OnError")
    void twoOnCloseOrOnError() {
        assertReports(TwoOnClose.class, "TwoOnClose.b()", "[WSC-4.5-4]");
        assertReports(TwoOnError.class, "TwoOnError.b(Throwable)", "[WSC-4.6-3]");
    }

    @ServerEndpoint("/x")
    public static class BadOpenParameter {
        @OnOpen
        public void open(Session s, CloseReason wrong) {
        }
    }

    @ServerEndpoint("/x")
    public static class BadCloseParameter {
        @OnClose
        public void close(EndpointConfig wrong) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnErrorWithoutThrowable {
        @OnError
        public void error(Session s) {
        }
    }

    @ServerEndpoint("/x")
    public static class DuplicateSession {
        @OnOpen
        public void open(Session a, Session b) {
        }
    }

    @Test
    @DisplayName("[WSC-4.4-3] [WSC-4.5-4] [WSC-4.6-3] lifecycle methods take only their allowed parameters")
    void lifecycleParameters() {
        assertReports(BadOpenParameter.class, "BadOpenParameter.open(Session, CloseReason)",
                "parameter of type CloseReason is not allowed", "[WSC-4.4-3]");
        assertReports(BadCloseParameter.class, "BadCloseParameter.close(EndpointConfig)",
                "parameter of type EndpointConfig is not allowed", "[WSC-4.5-4]");
        assertReports(OnErrorWithoutThrowable.class, "OnErrorWithoutThrowable.error(Session)",
                "needs a Throwable parameter [WSC-4.6-3]");
        assertReports(DuplicateSession.class, "DuplicateSession.open(Session, Session)",
                "more than one Session parameter");
    }

    // ---- @PathParam ----

    @ServerEndpoint("/x/{a}")
    public static class BadPathParamType {
        @OnOpen
        public void open(@PathParam("a") Object a) {
        }
    }

    @ServerEndpoint("/x/{a}")
    public static class EmptyPathParam {
        @OnClose
        public void close(@PathParam("") String a) {
        }
    }

    @Test
    @DisplayName("[WSC-4.3-1] [WSC-4.3-2] @PathParam types are String/primitive/boxed; the value is required")
    void pathParamRules() {
        assertReports(BadPathParamType.class, "BadPathParamType.open(Object)",
                "must be String, a primitive or a boxed primitive [WSC-4.3-1]");
        assertReports(EmptyPathParam.class, "EmptyPathParam.close(String)", "[WSC-4.3-2]");
    }

    // ---- @OnMessage ----

    @ServerEndpoint("/x")
    public static class TwoMessageParameters {
        @OnMessage
        public void onText(String text, int number) {
        }
    }

    @ServerEndpoint("/x")
    public static class NoMessageParameter {
        @OnMessage
        public void onNothing(Session s) {
        }
    }

    @ServerEndpoint("/x")
    public static class Undecodable {
        @OnMessage
        public void onPoint(TestCodecs.Point p) {
        }
    }

    @ServerEndpoint("/x")
    public static class PartialOfWrongType {
        @OnMessage
        public void onParts(Reader r, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class ConfigInOnMessage {
        @OnMessage
        public void onText(String s, EndpointConfig c) {
        }
    }

    @Test
    @DisplayName("[WSC-4.7-1] @OnMessage needs exactly one message parameter of a receivable type")
    void onMessageParameterRules() {
        assertReports(TwoMessageParameters.class, "TwoMessageParameters.onText(String, int)",
                "@OnMessage has two message parameters (String, int)", "[WSC-4.7-1]");
        assertReports(NoMessageParameter.class, "NoMessageParameter.onNothing(Session)",
                "has no message parameters", "[WSC-4.7-1]");
        assertReports(Undecodable.class, "Undecodable.onPoint(Point)", "no configured decoder produces it",
                "[WSC-4.7-1]");
        assertReports(PartialOfWrongType.class, "PartialOfWrongType.onParts(Reader, boolean)",
                "two message parameters (Reader, boolean)");
        assertReports(ConfigInOnMessage.class, "ConfigInOnMessage.onText(String, EndpointConfig)",
                "two message parameters (String, EndpointConfig)");
    }

    @ServerEndpoint("/x")
    public static class TwoTextHandlers {
        @OnMessage
        public void a(String s) {
        }

        @OnMessage
        public void b(Reader r) {
        }

        @OnMessage
        public void c(ByteBuffer b) {
        }

        @OnMessage
        public void d(InputStream in) {
        }
    }

    @Test
    @DisplayName("[WSC-4.7-4] at most one @OnMessage per native message type")
    void onePerNativeType() {
        String message = problems(TwoTextHandlers.class);
        assertTrue(message.contains("TwoTextHandlers.b(Reader): @OnMessage for text messages is already handled by "
                + TwoTextHandlers.class.getName() + ".a(String)"), message);
        assertTrue(message.contains("TwoTextHandlers.d(InputStream): @OnMessage for binary messages"), message);
        assertTrue(message.contains("[WSC-4.7-4]"), message);
    }

    @ServerEndpoint("/x")
    public static class UnsendableReturn {
        @OnMessage
        public TestCodecs.Point echo(String s) {
            return null;
        }
    }

    @ServerEndpoint(value = "/x", encoders = TestCodecs.ShapeEncoder.class)
    public static class SendableBySuperclassEncoder {
        @OnMessage
        public TestCodecs.Circle echo(String s) {
            return null;
        }

        @OnMessage
        public byte[] bytes(ByteBuffer b) {
            return null;
        }

        @OnMessage
        public char pong(PongMessage p) {
            return 'p';
        }
    }

    @Test
    @DisplayName("[WSC-4.7-1] a non-void @OnMessage return type must be sendable")
    void returnTypeMustBeSendable() throws Exception {
        assertReports(UnsendableReturn.class, "UnsendableReturn.echo(String)",
                "return type " + TestCodecs.Point.class.getName() + " cannot be sent", "[WSC-4.7-1]");
        AnnotatedEndpointModel.of(SendableBySuperclassEncoder.class);
    }

    @ServerEndpoint("/x")
    public static class TooBig {
        @OnMessage(maxMessageSize = Integer.MAX_VALUE + 1L)
        public void text(String s) {
        }
    }

    @Test
    @DisplayName("[WSC-4.7.1] maxMessageSize above Integer.MAX_VALUE is a deployment error")
    void maxMessageSizeTooBig() {
        assertReports(TooBig.class, "TooBig.text(String)", "maxMessageSize 2147483648", "[WSC-4.7.1]");
    }

    @ServerEndpoint("/x")
    public static class TwoAnnotationsOnOneMethod {
        @OnOpen
        @OnClose
        public void both(Session s) {
        }
    }

    @ServerEndpoint("/x")
    public static class NonPublicAnnotated {
        @OnMessage
        void text(String s) {
        }
    }

    @Test
    void oneCallbackPerMethodAndOnlyPublicMethods() {
        assertReports(TwoAnnotationsOnOneMethod.class, "both(Session)", "more than one of");
        assertReports(NonPublicAnnotated.class, "NonPublicAnnotated.text(String)", "not public");
    }

    // ---- all problems at once ----

    @ServerEndpoint("/x")
    public static class ThreeMistakes {
        @OnOpen
        public void open(String notAllowed) {
        }

        @OnMessage
        public void first(String s) {
        }

        @OnMessage
        public void second(int i) {
        }

        @OnError
        public void error(Session s) {
        }
    }

    @Test
    @DisplayName("[WSC-5.2.1-2] a class with three mistakes reports all three in one DeploymentException")
    void reportsAllProblemsAtOnce() {
        String message = problems(ThreeMistakes.class);
        assertTrue(message.contains("(3 problems)"), message);
        assertTrue(message.contains("ThreeMistakes.open(String): @OnOpen parameter of type String is not allowed"),
                message);
        assertTrue(message.contains("ThreeMistakes.second(int): @OnMessage for text messages is already"), message);
        assertTrue(message.contains("ThreeMistakes.error(Session): @OnError needs a Throwable parameter"), message);
    }
}
