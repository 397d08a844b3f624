package dev.wharf.bench.server;

import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12.1 (ee11) with its default thread pool and connector, at the root context. */
final class JettyServers {

    private JettyServers() {}

    static AutoCloseable start(int port, Consumer<ServletContextHandler> configure) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        if (Launcher.socketBuffer() > 0) {
            connector.setAcceptedSendBufferSize(Launcher.socketBuffer());
            connector.setAcceptedReceiveBufferSize(Launcher.socketBuffer());
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        ServletHolder notFound = new ServletHolder(new NotFoundServlet());
        notFound.setAsyncSupported(true);
        context.addServlet(notFound, "/");
        configure.accept(context);
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        if (!context.isAvailable()) {
            server.stop();
            throw new IllegalStateException("deployment failed on jetty");
        }
        return server::stop;
    }

    /** Wharf on Jetty: Wharf's initializer, no Jetty WebSocket module. */
    public static final class Wharf implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            var initializer = Launcher.wharfInitializer();
            Class<?>[] endpoints = Launcher.wharfEndpoints().toArray(Class<?>[]::new);
            return JettyServers.start(port, context -> context.addServletContainerInitializer(initializer, endpoints));
        }
    }

    /** Wharf on Jetty with its meters switched off ({@code dev.wharf.metrics=false}): what recording them costs. */
    public static final class WharfWithoutMetrics implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            var initializer = Launcher.wharfInitializer();
            Class<?>[] endpoints = Launcher.wharfEndpoints().toArray(Class<?>[]::new);
            return JettyServers.start(port, context -> {
                context.setInitParameter("dev.wharf.metrics", "false");
                context.addServletContainerInitializer(initializer, endpoints);
            });
        }
    }
}
