package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A deployment error raised while the application deploys its endpoints from a listener halts its whole WebSocket
 * deployment [WSC-5.2.1-3], even when the listener catches the {@link DeploymentException} (as the official TCK's
 * {@code negdep.invalidpathparamtype.pasrv} listeners do): the endpoints deployed before are taken out of service
 * and later ones are refused. Once the application runs, a failed {@code addEndpoint} fails alone.
 */
@Tag("e2e")
@DisplayName("Deployment errors from a listener halt the application's WebSocket deployment [WSC-5.2.1-3]")
class ListenerDeploymentErrorSpecTest {

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @ServerEndpoint("/later")
    public static class Later {
        @OnMessage
        public String echo(String text) {
            return "later " + text;
        }
    }

    /** [WSC-4.3-1]: a @PathParam must be String, a primitive or a boxed primitive. */
    @ServerEndpoint("/invalid/{n}")
    public static class InvalidPathParamType {
        @OnMessage
        public String echo(String text, @PathParam("n") StringBuilder n) {
            return text;
        }
    }

    /** Deploys the invalid endpoint and swallows the error, then tries a valid one; remembers both outcomes. */
    static final class SwallowingListener implements ServletContextListener {
        volatile DeploymentException invalid;
        volatile DeploymentException later;

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(InvalidPathParamType.class);
            } catch (DeploymentException e) {
                invalid = e;
            }
            try {
                container.addEndpoint(Later.class);
            } catch (DeploymentException e) {
                later = e;
            }
        }
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("[WSC-5.2.1-3] the scanned endpoint deployed before the error answers 404, a later one is refused")
    void listenerErrorHaltsDeployment(Host host) throws Exception {
        SwallowingListener listener = new SwallowingListener();
        WebApp app = WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).listener(listener).build();
        try {
            host.start(app); // the application itself starts: only its WebSocket deployment is halted
            assertNotNull(listener.invalid, "addEndpoint(invalid) must throw");
            assertTrue(listener.invalid.getMessage().contains("[WSC-4.3-1]"), listener.invalid.getMessage());
            assertNotNull(listener.later, "addEndpoint after a deployment error must be refused");
            assertTrue(listener.later.getMessage().contains("[WSC-5.2.1-3]"), listener.later.getMessage());
            assertEquals(404, RawHandshake.to(host.wsUri("/echo")).send().status());
            assertEquals(404, RawHandshake.to(host.wsUri("/later")).send().status());
        } finally {
            host.stop();
        }
    }

    /** Deploys nothing itself; the test deploys once the application runs. */
    static final class ContainerKeeper implements ServletContextListener {
        volatile ServerContainer container;

        @Override
        public void contextInitialized(ServletContextEvent event) {
            container = (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("[WSC-6.4] once running, a failed addEndpoint fails alone: the others keep serving, more can be added")
    void runtimeErrorFailsAlone(Host host) throws Exception {
        ContainerKeeper keeper = new ContainerKeeper();
        WebApp app = WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).listener(keeper).build();
        try {
            host.start(app);
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> keeper.container.addEndpoint(InvalidPathParamType.class));
            assertTrue(e.getMessage().contains("[WSC-4.3-1]"), e.getMessage());
            keeper.container.addEndpoint(Later.class);
            try (Ws ws = Ws.connect(host.wsUri("/echo"))) {
                assertEquals("hi", ws.ask("hi"));
            }
            try (Ws ws = Ws.connect(host.wsUri("/later"))) {
                assertEquals("later hi", ws.ask("hi"));
            }
        } finally {
            host.stop();
        }
    }
}
