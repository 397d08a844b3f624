package dev.wharf.client;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty 12.1's own Jakarta WebSocket server (ee11). */
final class JettyServer implements IndependentServer {

    private final TestCertificate certificate;
    private Server server;
    private ServerConnector connector;

    /** Plain ws://. */
    JettyServer() {
        this(null);
    }

    /** wss:// with this certificate when it is not null. */
    JettyServer(TestCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public IndependentServer start(Class<?>... endpoints) throws Exception {
        server = new Server();
        if (certificate == null) {
            connector = new ServerConnector(server);
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(certificate.keyStore().toString());
            tls.setKeyStorePassword(certificate.password());
            tls.setKeyStoreType("PKCS12");
            connector = new ServerConnector(server, tls);
        }
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

    /** wss:// on this server (the URI's form when it serves TLS). */
    @Override
    public java.net.URI wsUri(String path) {
        return java.net.URI.create((certificate == null ? "ws" : "wss") + "://127.0.0.1:" + port() + path);
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
        return certificate == null ? name() : name() + " (TLS)";
    }
}
