package dev.wharf.client;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12.1's own Jakarta WebSocket server (ee11). */
final class JettyServer implements IndependentServer {

    private Server server;
    private ServerConnector connector;

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public IndependentServer start(Class<?>... endpoints) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            for (Class<?> endpoint : endpoints) {
                container.addEndpoint(endpoint);
            }
        });
        server.start();
        return this;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        if (server != null) { // JUnit closes parameters too: idempotent
            Server s = server;
            server = null;
            s.stop();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
