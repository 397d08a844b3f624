package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

/**
 * {@code Configurator.getEndpointInstance} failing with {@code InstantiationException} (spec 3.1.7, its javadoc):
 * without an endpoint instance there is no connection, so the handshake is refused with 500 and a one-line reason,
 * no session opens, no endpoint callback runs, and the endpoint keeps serving later connections.
 */
@DisplayName("getEndpointInstance failures [WSC-3.1.7-1, Configurator.getEndpointInstance]")
class EndpointInstanceFailureSpecTest extends SpecHostedTest {

    /** Endpoint callbacks seen, per endpoint class. */
    static final Map<Class<?>, Queue<String>> EVENTS = new ConcurrentHashMap<>();

    /** Fails the next getEndpointInstance call for each class put here, once; otherwise the platform default. */
    public static class FailingOnce extends ServerEndpointConfig.Configurator {
        static final Set<Class<?>> FAIL_NEXT = ConcurrentHashMap.newKeySet();
        static final String REASON = "no instance for you\r\nsecond line of the reason";

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            if (FAIL_NEXT.remove(endpointClass)) {
                throw new InstantiationException(REASON);
            }
            return super.getEndpointInstance(endpointClass);
        }
    }

    /** Counted down by each endpoint's close callback, so one host's close is never recorded in the next run. */
    static final Map<Class<?>, CountDownLatch> CLOSED = new ConcurrentHashMap<>();

    static void event(Class<?> endpoint, String event) {
        EVENTS.computeIfAbsent(endpoint, c -> new ConcurrentLinkedQueue<>()).add(event);
        if (event.equals("close")) {
            CLOSED.getOrDefault(endpoint, new CountDownLatch(1)).countDown();
        }
    }

    static String events(Class<?> endpoint) {
        return List.copyOf(EVENTS.getOrDefault(endpoint, new ConcurrentLinkedQueue<>())).toString();
    }

    @ServerEndpoint(value = "/refusing/annotated", configurator = FailingOnce.class)
    public static class Annotated {
        @OnOpen
        public void open(Session session) throws IOException {
            event(Annotated.class, "open");
            session.getBasicRemote().sendText("open sessions " + session.getOpenSessions().size());
        }

        @OnClose
        public void close(CloseReason reason) {
            event(Annotated.class, "close");
        }

        @OnError
        public void error(Throwable t) {
            event(Annotated.class, "error " + t);
        }
    }

    public static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            event(Programmatic.class, "open");
            try {
                session.getBasicRemote().sendText("open sessions " + session.getOpenSessions().size());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            event(Programmatic.class, "close");
        }

        @Override
        public void onError(Session session, Throwable thr) {
            event(Programmatic.class, "error " + thr);
        }
    }

    public static class AppConfig implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return Set.of(ServerEndpointConfig.Builder.create(Programmatic.class, "/refusing/programmatic")
                    .configurator(new FailingOnce()).build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return scanned;
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), AppConfig.class, Annotated.class,
                Programmatic.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-3.1.7-1] annotated: InstantiationException refuses with 500 and one line; @OnOpen never runs")
    void annotatedEndpoint(Host host) throws Exception {
        refusedThenServed(host, "/refusing/annotated", Annotated.class);
    }

    @OnHosts
    @DisplayName("[WSC-3.1.7-1] programmatic: InstantiationException refuses with 500 and one line; onOpen never runs")
    void programmaticEndpoint(Host host) throws Exception {
        refusedThenServed(host, "/refusing/programmatic", Programmatic.class);
    }

    private static void refusedThenServed(Host host, String path, Class<?> endpoint) throws Exception {
        EVENTS.remove(endpoint);
        CountDownLatch closed = new CountDownLatch(1);
        CLOSED.put(endpoint, closed);
        FailingOnce.FAIL_NEXT.add(endpoint);
        RawHandshake.Response refused = RawHandshake.to(host.wsUri(path)).send();
        assertFalse(FailingOnce.FAIL_NEXT.contains(endpoint), "getEndpointInstance was called");
        assertEquals(500, refused.status());
        assertFalse(refused.body().isBlank(), "a reason in the body");
        assertEquals(1, refused.body().strip().lines().count(), refused.body());
        assertTrue(refused.body().contains("no instance for you"), refused.body());
        assertEquals(null, refused.header("Sec-WebSocket-Accept"));

        // The same endpoint serves the next connection, and it is the only session ever opened there.
        try (Ws ws = Ws.connect(host.wsUri(path))) {
            assertEquals("open sessions 1", ws.nextText());
            assertEquals("[open]", events(endpoint));
            ws.closeNormally();
        }
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the server ran onClose: " + events(endpoint));
        assertEquals("[open, close]", events(endpoint));
    }
}
