package dev.wharf.bench.redis;

import dev.wharf.bench.server.WharfRoomEndpoint;
import dev.wharf.servlet.WharfInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Wharf on embedded Jetty 12.1 (ee11), serving {@link WharfRoomEndpoint} (the broadcast scenario's room on the rooms
 * API); rooms shared through Redis if given. {@link #main} runs one in a JVM of its own ({@link ServerProcess}).
 */
final class RoomServer implements AutoCloseable {

    /** The line {@link #main} prints once it listens, followed by the port. */
    static final String LISTENING = "listening on port ";

    /**
     * {@code RoomServer [redisUrl]}: serves until its standard input ends (the parent process closed it or died),
     * so that a benchmark's servers never outlive it.
     */
    public static void main(String[] args) throws Exception {
        try (RoomServer server = new RoomServer(args.length > 0 ? args[0] : null)) {
            System.out.println(LISTENING + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the end of input
            }
        }
    }

    private final Server server;
    private final ServerConnector connector;

    RoomServer(String redisUrl) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        if (redisUrl != null) {
            context.setInitParameter("dev.wharf.rooms.broker", "redis");
            context.setInitParameter("dev.wharf.redis.url", redisUrl);
            // connected before the first member comes: a broadcast made earlier would reach this server only
            context.setInitParameter("dev.wharf.redis.whenUnreachable", "fail-start");
        }
        context.addServletContainerInitializer(new WharfInitializer(), WharfRoomEndpoint.class);
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        if (!context.isAvailable()) {
            server.stop();
            throw new IllegalStateException("Wharf failed to deploy the room endpoint");
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
