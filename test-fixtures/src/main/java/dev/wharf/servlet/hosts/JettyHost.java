package dev.wharf.servlet.hosts;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee11.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Embedded Jetty 12.1, ee11 servlet environment; no Jetty WebSocket module. */
final class JettyHost implements Host {

    private Server server;
    private ServletContextHandler context;
    private ServerConnector connector;
    private ServerConnector tlsConnector;
    private String contextPath;

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public Host start(WebApp app) throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        contextPath = app.contextPath();
        server = new Server();
        HttpConfiguration plain = new HttpConfiguration();
        connector = new ServerConnector(server, new HttpConnectionFactory(plain));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        tlsConnector = tlsConnector(server, plain);
        server.addConnector(tlsConnector);

        boolean secured = !app.protectedPaths().isEmpty();
        context = new ServletContextHandler(contextPath.isEmpty() ? "/" : contextPath,
                // Sessions on, as Tomcat and Undertow have them: apps may use HttpSession (spec 7.2 tests do).
                ServletContextHandler.SESSIONS | (secured ? ServletContextHandler.SECURITY : 0));
        if (secured) {
            configureBasicAuth((ConstraintSecurityHandler) context.getSecurityHandler(), app);
        }
        context.addServletContainerInitializer(new DeclaredComponents(app));
        if (app.initializer() != null) {
            context.addServletContainerInitializer(app.initializer(), app.classes().toArray(Class<?>[]::new));
        }
        server.setHandler(context);
        // Stop at once: the app's own shutdown runs in context.stop(), before the server goes.
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
        // Known only now: where a CONFIDENTIAL constraint redirects a plain request (0 would answer 403).
        plain.setSecureScheme("https");
        plain.setSecurePort(tlsConnector.getLocalPort());
        // A context that failed to start must not pass for a deployed app.
        if (!context.isAvailable() || !context.isStarted()) {
            stop();
            throw new IllegalStateException("deployment failed on jetty");
        }
        return this;
    }

    /** HTTP/1.1 over TLS only (no ALPN, no HTTP/2), so a wss:// handshake is an HTTP/1.1 upgrade. */
    private static ServerConnector tlsConnector(Server server, HttpConfiguration plain) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        HostCertificate certificate = HostCertificate.shared();
        tls.setKeyStore(certificate.keyStore);
        tls.setKeyStorePassword(HostCertificate.PASSWORD);
        tls.setCertAlias(HostCertificate.ALIAS);
        HttpConfiguration secure = new HttpConfiguration(plain);
        // Marks requests secure (isSecure(), https scheme); checks SNI against the certificate's names.
        secure.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(secure));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    private static void configureBasicAuth(ConstraintSecurityHandler security, WebApp app) {
        UserStore users = new UserStore();
        for (WebApp.User user : app.users()) {
            users.addUser(user.name(), Credential.getCredential(user.password()), user.roles().toArray(String[]::new));
        }
        HashLoginService login = new HashLoginService("wharf-test");
        login.setUserStore(users);
        security.setLoginService(login);
        security.setAuthenticator(new BasicAuthenticator());
        security.setRealmName("wharf-test");
        for (WebApp.Protected rule : app.protectedPaths()) {
            Constraint constraint = rule.confidential() ? Constraint.SECURE_TRANSPORT
                    : Constraint.from(rule.roles().toArray(String[]::new));
            for (String pattern : rule.patterns()) {
                if (rule.methods().isEmpty()) {
                    security.addConstraintMapping(mapping(pattern, null, constraint));
                }
                for (String method : rule.methods()) {
                    security.addConstraintMapping(mapping(pattern, method, constraint));
                }
            }
        }
    }

    /** A constraint on {@code pattern} for HTTP {@code method}, or for every method when it is {@code null}. */
    private static ConstraintMapping mapping(String pattern, String method, Constraint constraint) {
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(pattern);
        if (method != null) {
            mapping.setMethod(method);
        }
        mapping.setConstraint(constraint);
        return mapping;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public int tlsPort() {
        return tlsConnector.getLocalPort();
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    @Override
    public void stop() throws Exception {
        if (server == null) {
            return;
        }
        try {
            if (context != null && context.isStarted()) {
                context.stop();
            }
        } finally {
            server.stop();
            server = null;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
