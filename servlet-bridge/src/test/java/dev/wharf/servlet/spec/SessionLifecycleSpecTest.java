package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;

/**
 * Sessions, the endpoint lifecycle and the threading guarantees (spec 2.1, 4.4-4.7, 5.1, 5.2.2, 6.4), observed
 * over the wire or through events the endpoints record per connection (keyed by the {@code tag} query parameter).
 */
@DisplayName("Sessions, lifecycle and threading [WSC-2.1, WSC-4.5, WSC-5.1, WSC-5.2.2, WSC-6.4]")
class SessionLifecycleSpecTest extends SpecHostedTest {

    private static final Map<String, BlockingQueue<String>> EVENTS = new ConcurrentHashMap<>();

    static BlockingQueue<String> events(String tag) {
        return EVENTS.computeIfAbsent(tag, t -> new LinkedBlockingQueue<>());
    }

    static BlockingQueue<String> events(Session session) {
        List<String> tag = session.getRequestParameterMap().get("tag");
        return events(tag == null ? "untagged" : tag.get(0));
    }

    static String newTag() {
        return UUID.randomUUID().toString();
    }

    static String next(String tag) throws InterruptedException {
        String event = events(tag).poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 10 s for " + tag);
        }
        return event;
    }

    /** Keeps a mark in its user properties from @OnOpen; reports what @OnClose finds. */
    @ServerEndpoint("/session")
    public static class Sessions {
        @OnOpen
        public void open(Session session) {
            session.getUserProperties().put("mark", "kept " + session.getId());
        }

        @OnMessage
        public String ask(Session session, String question) {
            return switch (question) {
                case "id" -> session.getId();
                case "container" -> String.valueOf(System.identityHashCode(session.getContainer()));
                case "uri" -> session.getRequestURI().getPath();
                default -> "?";
            };
        }

        @OnClose
        public void close(Session session) {
            events(session).add("close " + session.getId() + " " + session.getUserProperties().get("mark"));
        }
    }

    /** Another endpoint of the same application. */
    @ServerEndpoint("/other")
    public static class Other {
        @OnMessage
        public String container(Session session, String ignored) {
            return String.valueOf(System.identityHashCode(session.getContainer()));
        }
    }

    /** Answers with the identity of the application's ServerContainer attribute. */
    public static class ContainerServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print(System.identityHashCode(getServletContext()
                    .getAttribute(ServerContainer.class.getName())));
        }
    }

    /** A programmatic endpoint counting the messages of its instance; deployed by {@link Deployer}. */
    public static class Counter extends Endpoint {
        private int count;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> {
                try {
                    session.getBasicRemote().sendText(String.valueOf(++count));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    public static class Deployer implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(Counter.class, "/counter").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Records whether two of its callbacks ever run at once. {@code hold} waits in {@code @OnMessage} until another
     * callback enters (a violation) or half a second passes.
     */
    @ServerEndpoint("/serial")
    public static class Serial {
        private final AtomicInteger inside = new AtomicInteger();
        private final CountDownLatch overlapped = new CountDownLatch(1);
        private volatile boolean overlap;

        private void enter() {
            if (inside.incrementAndGet() > 1) {
                overlap = true;
                overlapped.countDown();
            }
        }

        @OnMessage
        public String text(String text) throws InterruptedException {
            enter();
            try {
                if (text.equals("hold")) {
                    overlapped.await(500, TimeUnit.MILLISECONDS);
                    return "held";
                }
                return text.equals("report") ? "overlap " + overlap : "text " + text;
            } finally {
                inside.decrementAndGet();
            }
        }

        @OnMessage
        public void binary(ByteBuffer bytes) {
            enter();
            inside.decrementAndGet();
        }

        @OnMessage
        public void pong(PongMessage pong) {
            enter();
            inside.decrementAndGet();
        }
    }

    /** @OnOpen waits until @OnClose starts (a violation) or half a second passes. */
    @ServerEndpoint("/slow-open")
    public static class SlowOpen {
        private final CountDownLatch closing = new CountDownLatch(1);

        @OnOpen
        public void open(Session session) throws InterruptedException {
            closing.await(500, TimeUnit.MILLISECONDS);
            events(session).add("open done");
        }

        @OnClose
        public void close(Session session) {
            closing.countDown();
            events(session).add("close");
        }
    }

    /** @OnClose throws; @OnError reports what it got. */
    @ServerEndpoint("/close-throws")
    public static class CloseThrows {
        @OnMessage
        public String id(Session session, String ignored) {
            return session.getId();
        }

        @OnClose
        public void close() {
            throw new IllegalStateException("from @OnClose");
        }

        @OnError
        public void error(Session session, Throwable error) {
            events(session).add("error " + session.getId() + " " + error.getClass().getSimpleName() + " "
                    + error.getMessage());
        }
    }

    /** No @OnError: the failure can only be logged; the session goes on. */
    @ServerEndpoint("/unhandled")
    public static class Unhandled {
        @OnMessage
        public String text(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return "ok " + text;
        }
    }

    @ServerEndpoint("/int")
    public static class IntMessage {
        @OnMessage
        public int twice(int n) {
            return 2 * n;
        }
    }

    @ServerEndpoint("/boxed")
    public static class BoxedMessage {
        @OnMessage
        public Double half(Double d) {
            return d / 2;
        }
    }

    /** Not public: the scan leaves it out [WSC-4.8.2]; it is never deployed and does not fail the start-up. */
    @ServerEndpoint("/hidden")
    static class Hidden {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Sessions.class, Other.class, Serial.class,
                        SlowOpen.class, CloseThrows.class, Unhandled.class, IntMessage.class, BoxedMessage.class,
                        Hidden.class)
                .listener(new Deployer())
                .servlet("container", new ContainerServlet(), "/container")
                .build();
    }

    private static URI tagged(Host host, String path, String tag) {
        return host.wsUri(path + "?tag=" + tag);
    }

    @OnHosts
    @DisplayName("[WSC-2.1.2-1, WSC-2.1.2-3] each connection has its own Session with its own id")
    void sessionPerPeer(Host host) throws Exception {
        try (Ws a = Ws.connect(host.wsUri("/session")); Ws b = Ws.connect(host.wsUri("/session"))) {
            String idA = a.ask("id");
            String idB = b.ask("id");
            assertFalse(idA.isBlank());
            assertNotEquals(idA, idB);
            assertEquals(idA, a.ask("id"), "the same Session for every message of a connection");
            assertEquals(idB, b.ask("id"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-2.1.2-2, WSC-4.5-2] @OnClose gets the connection's Session with its user properties intact")
    void userPropertiesLastUntilOnClose(Host host) throws Exception {
        String tag = newTag();
        String id;
        try (Ws ws = Ws.connect(tagged(host, "/session", tag))) {
            id = ws.ask("id");
            ws.closeNormally();
        }
        assertEquals("close " + id + " kept " + id, next(tag));
    }

    @OnHosts
    @DisplayName("[WSC-2.1.7-1] one WebSocketContainer per application: every session's, and the context attribute")
    void oneContainerPerApplication(Host host) throws Exception {
        String attribute = HttpClient.newHttpClient().send(HttpRequest.newBuilder(host.httpUri("/container")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        try (Ws a = Ws.connect(host.wsUri("/session")); Ws b = Ws.connect(host.wsUri("/session"));
                Ws c = Ws.connect(host.wsUri("/other"))) {
            assertEquals(attribute, a.ask("container"));
            assertEquals(attribute, b.ask("container"));
            assertEquals(attribute, c.ask("container"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-2.1.1-1] a programmatic Endpoint gets a new instance per connection")
    void programmaticEndpointInstancePerPeer(Host host) throws Exception {
        try (Ws a = Ws.connect(host.wsUri("/counter")); Ws b = Ws.connect(host.wsUri("/counter"))) {
            assertEquals("1", a.ask("x"));
            assertEquals("2", a.ask("x"));
            assertEquals("1", b.ask("x"));
            assertEquals("3", a.ask("x"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-5.1-2, WSC-5.1-4] text, binary and pong callbacks of one peer never run at the same time")
    void oneThreadPerPeerAtATime(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/serial"))) {
            ws.sendText("hold");
            for (int i = 0; i < 5; i++) {
                ws.sendBinary(new byte[] {(byte) i});
                ws.sendPong("p" + i);
            }
            ws.sendText("x");
            assertEquals("held", ws.nextText());
            assertEquals("text x", ws.nextText());
            assertEquals("overlap false", ws.ask("report"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-5.1-3] a close arriving while @OnOpen runs reaches @OnClose only after @OnOpen has returned")
    void closeWaitsForOpen(Host host) throws Exception {
        String tag = newTag();
        try (Ws ws = Ws.connect(tagged(host, "/slow-open", tag))) {
            ws.closeNormally();
        }
        assertEquals("open done", next(tag));
        assertEquals("close", next(tag));
    }

    @OnHosts
    @DisplayName("[WSC-4.5-3] an exception thrown by @OnClose reaches @OnError with the closing Session")
    void onCloseFailureReachesOnError(Host host) throws Exception {
        String tag = newTag();
        String id;
        try (Ws ws = Ws.connect(tagged(host, "/close-throws", tag))) {
            id = ws.ask("id");
            ws.closeNormally();
        }
        assertEquals("error " + id + " IllegalStateException from @OnClose", next(tag));
    }

    @OnHosts
    @DisplayName("[WSC-5.2.2-1] an exception in an endpoint without @OnError is caught; the session goes on")
    void errorWithoutOnErrorIsCaught(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/unhandled"))) {
            ws.sendText("boom");
            assertEquals("ok after", ws.ask("after"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7-2, WSC-4.7-3] @OnMessage(int) and (Double): the text converted, the result sent as text")
    void primitiveMessageParameters(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/int"))) {
            assertEquals("42", ws.ask("21"));
            assertEquals("-6", ws.ask("-3"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/boxed"))) {
            assertEquals("1.25", ws.ask("2.5"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-6.4-1, WSC-4.1.1-2] paths are relative to the context root: /app/session, not /session")
    void rootIsTheContextRoot(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/session"))) {
            assertEquals("/app/session", ws.ask("uri"));
        }
        URI outside = URI.create("ws://127.0.0.1:" + host.port() + "/session");
        assertEquals(404, RawHandshake.to(outside).send().status());
    }

    @OnHosts
    @DisplayName("[WSC-4.8.2] a non-public annotated class is left out of the scan: not deployed, start-up fine")
    void nonPublicClassNotDeployed(Host host) throws Exception {
        assertEquals(404, RawHandshake.to(host.wsUri("/hidden")).send().status());
    }
}
