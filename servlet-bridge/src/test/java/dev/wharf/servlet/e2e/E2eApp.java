package dev.wharf.servlet.e2e;

import dev.wharf.servlet.e2e.endpoints.BulkEndpoint;
import dev.wharf.servlet.e2e.endpoints.CloseEndpoint;
import dev.wharf.servlet.e2e.endpoints.CrossEndpoint;
import dev.wharf.servlet.e2e.endpoints.EchoEndpoint;
import dev.wharf.servlet.e2e.endpoints.FaultyEndpoint;
import dev.wharf.servlet.e2e.endpoints.IdleEndpoint;
import dev.wharf.servlet.e2e.endpoints.LobbyMeEndpoint;
import dev.wharf.servlet.e2e.endpoints.OpenSendEndpoint;
import dev.wharf.servlet.e2e.endpoints.PlainEchoEndpoint;
import dev.wharf.servlet.e2e.endpoints.RoomUserEndpoint;
import dev.wharf.servlet.e2e.endpoints.SmallEndpoint;
import dev.wharf.servlet.e2e.endpoints.TripleEndpoint;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The application every end-to-end test deploys: Wharf's initializer, the test endpoints, and a plain servlet at
 * {@code /hello}, under the context path {@code /app}.
 *
 * <p>The suite knows Wharf only by the initializer's class name, so the same tests can run against another
 * implementation: {@code -Dwharf.e2e.initializer=<class>} picks a different initializer and
 * {@code -Dwharf.e2e.hosts=tomcat,jetty} limits the hosts ({@code tomcat-servlet}: Tomcat with Wharf forced onto
 * the servlet upgrade).
 */
final class E2eApp {

    static final String CONTEXT_PATH = "/app";
    static final String INITIALIZER = System.getProperty("wharf.e2e.initializer", "dev.wharf.servlet.WharfInitializer");

    static final Set<Class<?>> ENDPOINTS = Set.of(
            EchoEndpoint.class, CloseEndpoint.class, RoomUserEndpoint.class, LobbyMeEndpoint.class,
            IdleEndpoint.class, SmallEndpoint.class, TripleEndpoint.class, BulkEndpoint.class, FaultyEndpoint.class,
            PlainEchoEndpoint.class, OpenSendEndpoint.class, CrossEndpoint.class);

    private E2eApp() {}

    static WebApp build() {
        return WebApp.at(CONTEXT_PATH)
                .initializer(initializer(), ENDPOINTS)
                .servlet("hello", new Hello(), "/hello")
                .build();
    }

    /** The hosts selected by {@code wharf.e2e.hosts} (default: all), not started. */
    static List<Host> hosts() {
        String selected = System.getProperty("wharf.e2e.hosts", "");
        if (selected.isBlank()) {
            return Host.allTransports();
        }
        List<String> names = Arrays.stream(selected.split(",")).map(String::trim).toList();
        return Host.allTransports().stream().filter(h -> names.contains(h.name())).toList();
    }

    /** A fresh initializer; aborts (skips) the test while the class is not on the class path. */
    static ServletContainerInitializer initializer() {
        Class<?> type;
        try {
            type = Class.forName(INITIALIZER);
        } catch (ClassNotFoundException e) {
            Assumptions.abort(INITIALIZER + " is not on the class path yet");
            throw new AssertionError(e);
        }
        try {
            return (ServletContainerInitializer) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + INITIALIZER, e);
        }
    }

    /** A plain servlet: non-WebSocket requests must still reach the application. */
    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("hello");
        }
    }
}
