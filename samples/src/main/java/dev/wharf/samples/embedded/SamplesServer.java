package dev.wharf.samples.embedded;

import dev.wharf.samples.Samples;
import dev.wharf.samples.StaticPages;
import dev.wharf.servlet.WharfInitializer;
import java.net.URI;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The samples on embedded Jetty 12.1 (ee11, servlets only): Wharf installed by its {@code ServletContainerInitializer},
 * the pages served from the class path, everything in the root context. Used by {@link Main} and by the tests.
 */
public final class SamplesServer implements AutoCloseable {

    private final Server server;
    private final ServletContextHandler context;
    private final ServerConnector connector;

    private SamplesServer(Server server, ServletContextHandler context, ServerConnector connector) {
        this.server = server;
        this.context = context;
        this.connector = connector;
    }

    /** Starts listening on every interface at {@code port} (0: any free port). */
    public static SamplesServer start(int port) throws Exception {
        return start(port, null);
    }

    /**
     * Starts listening on every interface at {@code port} (0: any free port); with a {@code redisUrl}, rooms are
     * shared through that Redis with every other server on it ({@code dev.wharf.rooms.broker=redis}).
     */
    public static SamplesServer start(int port, String redisUrl) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        if (redisUrl != null) {
            context.setInitParameter("dev.wharf.rooms.broker", "redis");
            context.setInitParameter("dev.wharf.redis.url", redisUrl);
        }
        // An embedded context scans no class path, so Wharf gets the classes its @HandlesTypes would have found.
        context.addServletContainerInitializer(new WharfInitializer(), Samples.classes().toArray(Class<?>[]::new));
        context.addServlet(new ServletHolder("pages", new StaticPages()), "/");
        server.setHandler(context);
        // Wharf's own shutdown (1001 to every session) runs in context.stop(); the server need not wait after it.
        server.setStopTimeout(0);

        SamplesServer samples = new SamplesServer(server, context, connector);
        try {
            server.start();
        } catch (Exception e) {
            samples.close();
            throw e;
        }
        if (!context.isAvailable()) {
            samples.close();
            throw new IllegalStateException("the samples failed to deploy; see the log above");
        }
        return samples;
    }

    /** Wharf's server container of the samples, e.g. for {@code Rooms.of(container)}. */
    public jakarta.websocket.server.ServerContainer webSocketContainer() {
        return (jakarta.websocket.server.ServerContainer) context.getServletContext()
                .getAttribute(jakarta.websocket.server.ServerContainer.class.getName());
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://localhost:port/} */
    public URI uri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /**
     * Stops the application first, while connections are still open, so every session gets its 1001 close; then the
     * server. Idempotent.
     */
    @Override
    public void close() throws Exception {
        try {
            if (context.isStarted()) {
                context.stop();
            }
        } finally {
            server.stop();
        }
    }
}
