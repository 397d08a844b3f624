package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import dev.wharf.servlet.smoke.EchoSmokeTest;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.server.ServerContainer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wharf never serves half-and-half beside the servlet container's own WebSocket support: start-up fails and says
 * which one to remove. The other implementation is played by an initializer that publishes its own
 * {@code ServerContainer} first, as Tomcat's WsSci and Jetty's initializer do.
 */
class SecondImplementationTest {

    /** Stands in for another implementation's server container. */
    public static final class OtherServerContainer {
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void startUpFailsNamingTheOtherImplementation(Host host) throws Exception {
        // Hosts report a failed start differently (Tomcat only says the context is destroyed), so the initializer's
        // own message is caught on its way out.
        java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
        ServletContainerInitializer both = (classes, context) -> {
            context.setAttribute(ServerContainer.class.getName(), new OtherServerContainer());
            try {
                new WharfInitializer().onStartup(classes, context);
            } catch (jakarta.servlet.ServletException | RuntimeException e) {
                refused.set(e);
                throw e;
            }
        };
        try (Host h = host) {
            assertThrows(Exception.class,
                    () -> h.start(WebApp.at("/app").initializer(both, EchoSmokeTest.Echo.class).build()));
            String message = messages(refused.get());
            assertTrue(message.contains(OtherServerContainer.class.getName())
                    && message.contains("remove the other WebSocket implementation"), message);
        }
    }

    @Test
    void adviceNamesWhatToRemoveForEachContainer() {
        assertTrue(WharfInitializer.adviceFor("org.apache.tomcat.websocket.server.WsServerContainer")
                .contains("tomcat-websocket.jar"));
        assertTrue(WharfInitializer.adviceFor("org.eclipse.jetty.ee11.websocket.jakarta.server.X")
                .contains("ee11-websocket-jakarta"));
        assertTrue(WharfInitializer.adviceFor("io.undertow.websockets.jsr.ServerWebSocketContainer")
                .contains("undertow-websockets-jsr"));
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
