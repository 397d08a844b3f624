package dev.wharf.servlet.hosts;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.WebServlet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
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
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Embedded Jetty 12.1, ee11 servlet environment; no Jetty WebSocket module. Each application is a
 * {@link ServletContextHandler} in a {@link ContextHandlerCollection}; an app made from an archive gets its own
 * child-first {@link WarClassLoader}, and {@link WarScan} finds what the archive declares (this Jetty has no WAR
 * deployment of its own: {@code jetty-ee11-webapp} is not on the class path).
 */
final class JettyHost implements Host {

    private static final System.Logger LOG = System.getLogger(JettyHost.class.getName());

    private Server server;
    private ContextHandlerCollection contexts;
    private HttpConfiguration plain;
    private ServerConnector connector;
    private ServerConnector tlsConnector;
    private Path workDir;
    private String address;
    private String firstContextPath;
    private final Map<String, ServletContextHandler> deployed = new LinkedHashMap<>();

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public synchronized Host listen(String address, int port) throws Exception {
        prepare(address, port);
        try {
            open();
        } catch (Exception e) {
            stop();
            throw e;
        }
        return this;
    }

    /**
     * Deploys {@code app} before the server starts, so that the app starts with the server: Jetty tells a context's
     * {@code HttpSessionIdListener}s of {@code changeSessionId()} only if the context started with the server (seen
     * with 12.1.14; a context added to the running server gets no call).
     */
    @Override
    public synchronized Host start(WebApp app) throws Exception {
        prepare("127.0.0.1", 0);
        try {
            ServletContextHandler context = register(app);
            contexts.addHandler(context);
            open();
            if (!context.isAvailable() || !context.isStarted()) {
                throw new IllegalStateException("deployment of '" + app.contextPath() + "' failed on jetty");
            }
        } catch (Throwable e) {
            try {
                stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return this;
    }

    /** The server, its connectors and its (empty) context collection, not started. */
    private void prepare(String address, int port) throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.address = address;
        server = new Server();
        plain = new HttpConfiguration();
        connector = new ServerConnector(server, new HttpConnectionFactory(plain));
        connector.setHost(address);
        connector.setPort(port);
        server.addConnector(connector);
        tlsConnector = tlsConnector(server, plain, address);
        server.addConnector(tlsConnector);
        // Applications come and go while the server runs.
        contexts = new ContextHandlerCollection(true);
        server.setHandler(contexts);
        // Stop at once: the apps' own shutdown runs in stop(), before the server goes.
        server.setStopTimeout(0);
        workDir = Files.createTempDirectory("wharf-jetty");
    }

    private void open() throws Exception {
        server.start();
        // Known only now: where a CONFIDENTIAL constraint redirects a plain request (0 would answer 403).
        plain.setSecureScheme("https");
        plain.setSecurePort(tlsConnector.getLocalPort());
    }

    /** HTTP/1.1 over TLS only (no ALPN, no HTTP/2), so a wss:// handshake is an HTTP/1.1 upgrade. */
    private static ServerConnector tlsConnector(Server server, HttpConfiguration plain, String address)
            throws Exception {
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
        connector.setHost(address);
        connector.setPort(0);
        return connector;
    }

    @Override
    public void deploy(WebApp app) throws Exception {
        ServletContextHandler context;
        synchronized (this) {
            if (server == null || !server.isStarted()) {
                throw new IllegalStateException("not listening");
            }
            context = register(app);
        }
        Exception failure = null;
        try {
            // A running collection may start the context as it adds it.
            contexts.addHandler(context);
            if (!context.isStarted()) {
                context.start();
            }
        } catch (Exception e) {
            failure = e;
        }
        // A context that failed to start must not pass for a deployed app.
        if (failure != null || !context.isAvailable() || !context.isStarted()) {
            undeploy(app.contextPath());
            throw new IllegalStateException("deployment of '" + app.contextPath() + "' failed on jetty", failure);
        }
    }

    /** A new context for {@code app}, recorded as deployed (not yet added to the server). */
    private ServletContextHandler register(WebApp app) throws Exception {
        if (deployed.containsKey(app.contextPath())) {
            throw new IllegalStateException("an application is deployed at '" + app.contextPath() + "'");
        }
        ServletContextHandler context = newContext(app);
        deployed.put(app.contextPath(), context);
        if (firstContextPath == null) {
            firstContextPath = app.contextPath();
        }
        return context;
    }

    private ServletContextHandler newContext(WebApp app) throws Exception {
        boolean secured = !app.protectedPaths().isEmpty();
        ServletContextHandler context = new ServletContextHandler(
                app.contextPath().isEmpty() ? "/" : app.contextPath(),
                // Sessions on, as Tomcat and Undertow have them: apps may use HttpSession (spec 7.2 tests do).
                ServletContextHandler.SESSIONS | (secured ? ServletContextHandler.SECURITY : 0));
        if (secured) {
            configureBasicAuth((ConstraintSecurityHandler) context.getSecurityHandler(), app);
        }
        if (app.archive() != null) {
            addArchive(context, app);
        } else {
            context.addServletContainerInitializer(new DeclaredComponents(app));
            if (app.initializer() != null) {
                context.addServletContainerInitializer(app.initializer(), app.classes().toArray(Class<?>[]::new));
            }
        }
        return context;
    }

    /** What a WAR deployment would do with the archive, found by {@link WarScan}. */
    private void addArchive(ServletContextHandler context, WebApp app) throws Exception {
        Path war = app.archive();
        WarClassLoader loader = new WarClassLoader(war, JettyHost.class.getClassLoader());
        WarScan scan = WarScan.of(war, loader);
        context.setDisplayName(war.getFileName().toString());
        context.setClassLoader(loader);
        context.setBaseResourceAsPath(war);
        context.setTempDirectory(Files.createTempDirectory(workDir, "context").toFile());
        scan.contextParams().forEach(context::setInitParameter);
        context.addServletContainerInitializer(new DeclaredComponents(app));
        // The host's initializer first, as a container's own initializers run before the application's (8.2.4).
        if (app.initializer() != null) {
            context.addServletContainerInitializer(app.initializer(),
                    scan.handledBy(app.initializer().getClass()).toArray(Class<?>[]::new));
        }
        for (ServletContainerInitializer initializer : scan.initializers(loader)) {
            context.addServletContainerInitializer(initializer,
                    scan.handledBy(initializer.getClass()).toArray(Class<?>[]::new));
        }
        for (Class<?> type : scan.servletClasses()) {
            WebServlet declared = type.getAnnotation(WebServlet.class);
            ServletHolder holder = new ServletHolder(declared.name().isEmpty() ? type.getName() : declared.name(),
                    type.asSubclass(Servlet.class));
            holder.setAsyncSupported(declared.asyncSupported());
            String[] patterns = declared.urlPatterns().length > 0 ? declared.urlPatterns() : declared.value();
            for (String pattern : patterns) {
                context.addServlet(holder, pattern);
            }
        }
        for (String name : scan.listenerClassNames()) {
            Class<?> type = Class.forName(name, true, loader);
            context.addEventListener((EventListener) type.getConstructor().newInstance());
        }
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
    public void undeploy(String contextPath) throws Exception {
        ServletContextHandler context;
        synchronized (this) {
            context = deployed.remove(contextPath);
        }
        if (context == null) {
            return;
        }
        contexts.removeHandler(context);
        try {
            if (context.isStarted()) {
                context.stop();
            }
        } finally {
            if (context.getClassLoader() instanceof WarClassLoader loader) {
                try {
                    loader.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing the class loader of " + context.getDisplayName(), e);
                }
            }
        }
    }

    @Override
    public String address() {
        return address;
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
        return firstContextPath;
    }

    @Override
    public void stop() throws Exception {
        if (server == null) {
            return;
        }
        try {
            // The apps' own shutdown first, while their connections are still open.
            List<String> contextPaths;
            synchronized (this) {
                contextPaths = List.copyOf(deployed.keySet());
            }
            for (String contextPath : contextPaths) {
                undeploy(contextPath);
            }
        } finally {
            try {
                server.stop();
            } finally {
                server = null;
                Directories.deleteRecursively(workDir);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
