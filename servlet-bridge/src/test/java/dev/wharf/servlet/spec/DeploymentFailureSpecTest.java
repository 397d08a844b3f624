package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deployment errors (spec 5.2.1): an invalid annotated endpoint among the deployed classes makes the application
 * fail to start, with a message naming class, method and rule; every problem is reported at once.
 */
@Tag("e2e")
@DisplayName("Deployment failures [WSC-5.2.1-2, WSC-5.2.1-3, WSC-5.2.1-5, WSC-4.7-4, WSC-4.1.1-4]")
class DeploymentFailureSpecTest {

    @ServerEndpoint("/ok")
    public static class Valid {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    @ServerEndpoint("/two-text")
    public static class TwoTextHandlers {
        @OnMessage
        public void first(String s) {
        }

        @OnMessage
        public void second(java.io.Reader r) {
        }
    }

    @ServerEndpoint("/bad-open")
    public static class BadOpenParameter {
        @OnOpen
        public void open(StringBuilder notAllowed) {
        }
    }

    @ServerEndpoint("/rooms/{name}")
    public static class RoomsByName {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    /** The same template as {@link RoomsByName} with another variable name: equivalent [WSC-3.1.1-2]. */
    @ServerEndpoint("/rooms/{id}")
    public static class RoomsById {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("[WSC-5.2.1-2, WSC-5.2.1-3, WSC-5.2.1-5] start-up fails naming each class, method and rule; valid ones too")
    void invalidEndpointFailsStartUp(Host host) throws Exception {
        Recording initializer = new Recording();
        WebApp app = WebApp.at("/app").initializer(initializer, Valid.class, TwoTextHandlers.class,
                BadOpenParameter.class).build();
        try {
            Exception failure = assertThrows(Exception.class, () -> host.start(app));
            // Tomcat's host reports only the context state; the initializer's own exception carries the message.
            String chain = chain(failure) + (initializer.failure == null ? "" : chain(initializer.failure));
            assertTrue(chain.contains(TwoTextHandlers.class.getName()) && chain.contains("second(Reader)")
                    && chain.contains("[WSC-4.7-4]"), chain);
            assertTrue(chain.contains(BadOpenParameter.class.getName()) && chain.contains("open(StringBuilder)"),
                    chain);
            assertTrue(chain.contains("[WSC-4."), chain);
        } finally {
            host.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("[WSC-4.1.1-4, WSC-3.1.1-2] two scanned endpoints at equivalent paths: start-up fails naming both")
    void duplicatePathFailsStartUp(Host host) throws Exception {
        Recording initializer = new Recording();
        WebApp app = WebApp.at("/app").initializer(initializer, Valid.class, RoomsByName.class, RoomsById.class)
                .build();
        try {
            Exception failure = assertThrows(Exception.class, () -> host.start(app));
            String chain = chain(failure) + (initializer.failure == null ? "" : chain(initializer.failure));
            assertTrue(chain.contains(RoomsByName.class.getName()) && chain.contains(RoomsById.class.getName())
                    && chain.contains("[WSC-3.1.1-2]"), chain);
        } finally {
            host.stop();
        }
    }

    /** Wharf's initializer, remembering what its start-up threw. */
    static final class Recording implements ServletContainerInitializer {
        private final WharfInitializer delegate = new WharfInitializer();
        volatile Throwable failure;

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
            try {
                delegate.onStartup(classes, context);
            } catch (ServletException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Every message in the cause chain, suppressed exceptions included. */
    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
            for (Throwable s : c.getSuppressed()) {
                sb.append(chain(s));
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }
}
