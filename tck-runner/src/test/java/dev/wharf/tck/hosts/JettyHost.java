package dev.wharf.tck.hosts;

import dev.wharf.servlet.WharfInitializer;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12.1, ee11 servlet environment only. */
final class JettyHost implements EmbeddedHost {

    private Server server;
    private ServerConnector connector;
    private String contextPath;

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public EmbeddedHost start(String contextPath, Set<Class<?>> endpoints, Map<String, String> initParams)
            throws Exception {
        this.contextPath = contextPath;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath, ServletContextHandler.NO_SESSIONS);
        initParams.forEach(context::setInitParameter);
        ServletHolder notFound = new ServletHolder(new NotFoundServlet());
        notFound.setAsyncSupported(true);
        context.addServlet(notFound, "/");
        context.addServletContainerInitializer(new WharfInitializer(), endpoints.toArray(Class<?>[]::new));
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        if (!context.isAvailable()) {
            stop();
            throw new IllegalStateException("the application failed to start on jetty");
        }
        return this;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + contextPath + path);
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
