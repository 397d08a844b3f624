package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.DecodeException;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;

/**
 * A {@code @PathParam} whose type cannot take the URI segment (spec 4.3): the container raises a
 * {@code DecodeException} to the endpoint's {@code @OnError} method, whichever method needed the value.
 */
@DisplayName("@PathParam conversion failures [WSC-4.3-5, WSC-4.3-6]")
class PathParamConversionSpecTest extends SpecHostedTest {

    /** What an @OnError method tells the client: the error's type and, for a DecodeException, its text. */
    static String describe(Throwable t) {
        return "error " + t.getClass().getSimpleName() + (t instanceof DecodeException d ? " text=" + d.getText() : "");
    }

    @ServerEndpoint("/message/{n}")
    public static class InMessage {
        @OnMessage
        public String times(@PathParam("n") int n, String text) {
            return text.repeat(n);
        }

        @OnError
        public void error(Session session, Throwable t) throws IOException {
            session.getBasicRemote().sendText(describe(t));
        }
    }

    @ServerEndpoint("/open/{n}")
    public static class InOpen {
        private int n;

        @OnOpen
        public void open(Session session, @PathParam("n") int n) throws IOException {
            this.n = n;
            session.getBasicRemote().sendText("opened with " + n);
        }

        @OnMessage
        public String echo(String text) {
            return n + " " + text;
        }

        @OnError
        public void error(Session session, Throwable t) throws IOException {
            session.getBasicRemote().sendText(describe(t));
        }
    }

    /**
     * {@code "{param}"} names no variable of the template (the official TCK's
     * {@code WSFullBooleanAndSessionAndPathParamServer} has this typo, issue #14 group I): the boxed parameters get
     * null, the String one too.
     */
    @ServerEndpoint("/unmatched/{param}")
    public static class Unmatched {
        @OnMessage
        public String values(@PathParam("{param}") Boolean flag, @PathParam("{param}") Integer number,
                @PathParam("other") String text, String message) {
            return message + " " + flag + " " + number + " " + text;
        }
    }

    /** A primitive cannot be null: an unmatched name is a value that cannot be decoded. */
    @ServerEndpoint("/unmatched-primitive/{param}")
    public static class UnmatchedPrimitive {
        @OnMessage
        public String value(@PathParam("{param}") boolean flag, String message) {
            return message + " " + flag;
        }

        @OnError
        public void error(Session session, Throwable t) throws IOException {
            session.getBasicRemote().sendText(describe(t));
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), InMessage.class, InOpen.class, Unmatched.class,
                UnmatchedPrimitive.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-4.3-3] a name that matches no template variable: String and boxed parameters get null")
    void unmatchedNameGivesNull(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/unmatched/false"))) {
            assertEquals("hi null null null", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.3-6] a name that matches no template variable, for a primitive: a DecodeException reaches"
            + " @OnError")
    void unmatchedNameForAPrimitiveFailsToDecode(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/unmatched-primitive/false"))) {
            assertEquals("error DecodeException text=null", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.3-5] a segment that converts: the primitive is passed to @OnMessage and @OnOpen")
    void convertibleSegment(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/message/3"))) {
            assertEquals("ababab", ws.ask("ab"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/open/-7"))) {
            assertEquals("opened with -7", ws.nextText());
            assertEquals("-7 hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.3-6] int bound to \"abc\" in @OnMessage: a DecodeException reaches @OnError, every message")
    void unconvertibleSegmentInOnMessage(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/message/abc"))) {
            assertEquals("error DecodeException text=abc", ws.ask("hi"));
            assertEquals("error DecodeException text=abc", ws.ask("again"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.3-6] int bound to \"abc\" in @OnOpen: a DecodeException reaches @OnError; @OnOpen's body"
            + " never runs")
    void unconvertibleSegmentInOnOpen(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/open/abc"))) {
            assertEquals("error DecodeException text=abc", ws.nextText());
            // Wharf's choice after a failed @OnOpen (the spec leaves it open): close with 1011, unexpected condition
            assertEquals(1011, ws.awaitClose().code());
            assertEquals(0, ws.messages.size(), ws.messages.toString());
        }
    }
}
