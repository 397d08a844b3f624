package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.e2e.JdkClient;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

/**
 * Annotated endpoints (spec 4.3-4.8): lifecycle method parameter combinations, {@code @PathParam} of every
 * primitive type with conversion errors, {@code @OnError}, and inheritance.
 */
@DisplayName("Annotated endpoints [WSC-4.3 to WSC-4.8]")
class AnnotatedEndpointSpecTest extends SpecHostedTest {

    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    @ServerEndpoint("/types/{z}/{b}/{s}/{i}/{l}/{f}/{d}/{c}/{boxed}/{text}")
    public static class Types {
        @OnOpen
        public void open(Session session, @PathParam("z") boolean z, @PathParam("b") byte b,
                @PathParam("s") short s, @PathParam("i") int i, @PathParam("l") long l, @PathParam("f") float f,
                @PathParam("d") double d, @PathParam("c") char c, @PathParam("boxed") Integer boxed,
                @PathParam("text") String text) throws IOException {
            session.getBasicRemote().sendText(z + " " + b + " " + s + " " + i + " " + l + " " + f + " " + d + " " + c
                    + " " + (boxed + 1) + " " + text);
        }

        @OnMessage
        public String onMessage(String message, @PathParam("i") int i, @PathParam("missing") String missing) {
            return message + " " + i + " " + missing;
        }

        @OnError
        public void onError(Session session, Throwable error) throws IOException {
            session.getBasicRemote().sendText("error " + error.getClass().getSimpleName());
        }
    }

    /** Parameters in unusual orders; @OnClose with no parameters at all. */
    @ServerEndpoint("/params/{who}")
    public static class Params {
        @OnOpen
        public void open(EndpointConfig config, @PathParam("who") String who, Session session) throws IOException {
            session.getBasicRemote().sendText("open " + who + " " + (config != null));
        }

        @OnMessage
        public void message(@PathParam("who") String who, Session session, String text) throws IOException {
            if (text.equals("fail")) {
                throw new IllegalArgumentException("asked to fail");
            }
            if (text.equals("close")) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4001), "by " + who));
                return;
            }
            session.getBasicRemote().sendText("message " + who + " " + text);
        }

        @OnError
        public void error(Throwable error, @PathParam("who") String who) {
            EVENTS.add("error " + who + " " + error.getClass().getSimpleName() + " " + error.getMessage());
        }

        @OnClose
        public void close(CloseReason reason, @PathParam("who") String who, Session session) {
            EVENTS.add("close " + who + " " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase()
                    + " " + session.isOpen());
        }
    }

    @ServerEndpoint("/no-args")
    public static class NoArgs {
        @OnOpen
        public void open() {
            EVENTS.add("open no-args");
        }

        @OnClose
        public void close() {
            EVENTS.add("close no-args");
        }
    }

    /** Not an endpoint itself; its public annotated method is inherited by annotated subclasses. */
    public abstract static class EchoBase {
        @OnMessage
        public String echo(String text) {
            return getClass().getSimpleName() + " " + text;
        }
    }

    @ServerEndpoint("/inherit/child")
    public static class Child extends EchoBase {
    }

    @ServerEndpoint("/inherit/parent")
    public static class Parent {
        @OnMessage
        public String echo(String text) {
            return "parent " + text;
        }
    }

    /** Overrides the callback without the annotation: it gets no callback [WSC-4.8.1]. */
    @ServerEndpoint("/inherit/override")
    public static class Overriding extends Parent {
        @Override
        public String echo(String text) {
            return "override " + text;
        }
    }

    /** Re-annotates its override: the override is the callback. */
    @ServerEndpoint("/inherit/reannotated")
    public static class Reannotated extends Parent {
        @Override
        @OnMessage
        public String echo(String text) {
            return "reannotated " + text;
        }
    }

    /** A subclass of an annotated endpoint without its own annotation: never deployed by the scan [WSC-4.8.2]. */
    public static class Unannotated extends Parent {
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Types.class, Params.class, NoArgs.class,
                Child.class, Parent.class, Reannotated.class, Unannotated.class, Overriding.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-4.3] @PathParam of every primitive type, boxed and String, in @OnOpen and @OnMessage")
    void primitivePathParameters(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/types/true/-8/300/70000/5000000000/1.5/2.25/q/41/h%C3%A9"))) {
            assertEquals("true -8 300 70000 5000000000 1.5 2.25 q 42 hé", ws.nextText());
            assertEquals("hi 70000 null", ws.ask("hi"));
        }
        // A char is the segment's first character, as for text messages (README: Character has no String constructor)
        try (Ws ws = Ws.connect(host.wsUri("/types/true/-8/300/70000/5000000000/1.5/2.25/qq/41/t"))) {
            assertEquals("true -8 300 70000 5000000000 1.5 2.25 q 42 t", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.3] a path segment that does not convert reaches @OnError as DecodeException")
    void conversionErrorReachesOnError(Host host) throws Exception {
        for (String path : new String[] {"/types/true/999/1/1/1/1/1/c/1/t", "/types/true/1/1/x/1/1/1/c/1/t",
                "/types/true/1/1/1/1/zz/1/c/1/t", "/types/true/1/1/1/1/1/1/c/y/t"}) {
            try (Ws ws = Ws.connect(host.wsUri(path))) {
                assertEquals("error DecodeException", ws.nextText(), path);
            }
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.4, WSC-4.5, WSC-4.6] parameters in any order; @OnError(Throwable); @OnClose(CloseReason)")
    void lifecycleParameterCombinations(Host host) throws Exception {
        EVENTS.clear();
        try (Ws ws = Ws.connect(host.wsUri("/params/ann"))) {
            assertEquals("open ann true", ws.nextText());
            assertEquals("message ann x", ws.ask("x"));
            ws.sendText("fail");
            assertEquals("error ann IllegalArgumentException asked to fail", EVENTS.poll(10, TimeUnit.SECONDS));
            assertEquals("message ann y", ws.ask("y"));
            ws.sendText("close");
            JdkClient.Close close = ws.awaitClose();
            assertEquals(4001, close.code());
            assertEquals("by ann", close.reason());
            assertEquals("close ann 4001 by ann", EVENTS.poll(10, TimeUnit.SECONDS).replaceAll(" (true|false)$", ""));
        }
        try (Ws ws = Ws.connect(host.wsUri("/params/bo"))) {
            assertEquals("open bo true", ws.nextText());
            ws.closeNormally();
            assertEquals("close bo 1000 done", EVENTS.poll(10, TimeUnit.SECONDS).replaceAll(" (true|false)$", ""));
        }
        try (Ws ws = Ws.connect(host.wsUri("/no-args"))) {
            assertEquals("open no-args", EVENTS.poll(10, TimeUnit.SECONDS));
            ws.closeNormally();
            assertEquals("close no-args", EVENTS.poll(10, TimeUnit.SECONDS));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.8.1] an inherited annotated method of an annotated subclass is its callback")
    void inheritedCallback(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/inherit/child"))) {
            assertEquals("Child hi", ws.ask("hi"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/inherit/reannotated"))) {
            assertEquals("reannotated hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.8.1] an override without the annotation gets no callback: text is unhandled (dropped)")
    void overrideWithoutAnnotation(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/inherit/override"))) {
            ws.sendText("hi");
            // The server handles the text before our close: had it closed for it, its close would not be 1000.
            ws.closeNormally();
            assertEquals(1000, ws.awaitClose().code());
            assertEquals(null, ws.messages.poll(), "no reply: nothing handled the text");
        }
        try (Ws ws = Ws.connect(host.wsUri("/inherit/parent"))) {
            assertEquals("parent hi", ws.ask("hi"));
        }
    }
}
