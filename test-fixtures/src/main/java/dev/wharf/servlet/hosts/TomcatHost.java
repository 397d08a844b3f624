package dev.wharf.servlet.hosts;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 11 ({@code tomcat-embed-core} only; no {@code tomcat-embed-websocket}). Wharf takes connections
 * over through Tomcat's internal upgrade (native socket I/O) unless the host is made with {@link #servletTransport()},
 * which forces the servlet upgrade ({@code dev.wharf.transport=servlet}) so that both paths stay tested.
 *
 * <p>An app made from an archive is deployed as Tomcat deploys a WAR ({@link ContextConfig}: {@code web.xml},
 * annotations, the initializers of the archive's jars and of the class path), without Tomcat's default
 * {@code web.xml} and with class-path jar scanning off, so {@code @HandlesTypes} sees only the archive's classes.
 */
final class TomcatHost implements Host {

    private final boolean servletTransport;

    private Tomcat tomcat;
    private Connector connector;
    private Connector tlsConnector;
    private Path baseDir;
    private String address;
    private int port;
    private int tlsPort;
    private String firstContextPath;
    private final Map<String, StandardContext> deployed = new LinkedHashMap<>();

    TomcatHost() {
        this(false);
    }

    private TomcatHost(boolean servletTransport) {
        this.servletTransport = servletTransport;
    }

    /** Tomcat with Wharf forced onto the servlet upgrade. */
    static TomcatHost servletTransport() {
        return new TomcatHost(true);
    }

    /** {@code tomcat}, or {@code tomcat-servlet} for the forced servlet upgrade. */
    @Override
    public String name() {
        return servletTransport ? "tomcat-servlet" : "tomcat";
    }

    @Override
    public synchronized Host listen(String address, int port) throws Exception {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        this.address = address;
        baseDir = Files.createTempDirectory("wharf-tomcat");
        tomcat = new Tomcat();
        tomcat.setSilent(true);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname(address);
        tomcat.setPort(port);
        connector = tomcat.getConnector();
        connector.setProperty("address", address);
        // Until the TLS port is known a CONFIDENTIAL constraint would redirect to Tomcat's default 8443; -1 answers
        // 403 instead. Set to the TLS port once bound.
        connector.setRedirectPort(-1);
        tlsConnector = tlsConnector(address);
        tomcat.getService().addConnector(tlsConnector);
        tomcat.getHost().setAppBase(Files.createDirectories(baseDir.resolve("webapps")).toString());
        tomcat.getHost().setAutoDeploy(false);
        try {
            tomcat.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
        this.port = connector.getLocalPort();
        tlsPort = tlsConnector.getLocalPort();
        connector.setRedirectPort(tlsPort);
        return this;
    }

    /** HTTPS through JSSE (the OpenSSL implementations need a native library or Java 22). */
    private static Connector tlsConnector(String address) throws Exception {
        HostCertificate certificate = HostCertificate.shared();
        SSLHostConfig ssl = new SSLHostConfig();
        SSLHostConfigCertificate key = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        key.setCertificateKeystore(certificate.keyStore);
        key.setCertificateKeyAlias(HostCertificate.ALIAS);
        key.setCertificateKeyPassword(HostCertificate.PASSWORD);
        ssl.addCertificate(key);

        Connector tls = new Connector();
        tls.setPort(0);
        tls.setProperty("address", address);
        tls.setProperty("SSLEnabled", "true");
        tls.setProperty("sslImplementationName", "org.apache.tomcat.util.net.jsse.JSSEImplementation");
        tls.setScheme("https");
        tls.setSecure(true);
        tls.addSslHostConfig(ssl);
        return tls;
    }

    @Override
    public void deploy(WebApp app) throws Exception {
        StandardContext context;
        StartupFailure failure = new StartupFailure();
        synchronized (this) {
            if (tomcat == null) {
                throw new IllegalStateException("not listening");
            }
            if (deployed.containsKey(app.contextPath())) {
                throw new IllegalStateException("an application is deployed at '" + app.contextPath() + "'");
            }
            context = newContext(app, failure);
            deployed.put(app.contextPath(), context);
            if (firstContextPath == null) {
                firstContextPath = app.contextPath();
            }
        }
        // The host is started: adding the context starts it.
        RuntimeException addFailure = null;
        try {
            tomcat.getHost().addChild(context);
        } catch (RuntimeException e) {
            addFailure = e;
        }
        // Tomcat logs a failed context and keeps the server running; fail loudly instead.
        if (addFailure != null || context.getState() != LifecycleState.STARTED) {
            IllegalStateException e = new IllegalStateException("deployment of '" + app.contextPath()
                    + "' failed on tomcat: context is " + context.getState(), failure.cause);
            if (addFailure != null) {
                e.addSuppressed(addFailure);
            }
            undeploy(app.contextPath());
            throw e;
        }
    }

    private StandardContext newContext(WebApp app, StartupFailure failure) throws Exception {
        StandardContext context = new StandardContext();
        context.setName(app.contextPath());
        context.setPath(app.contextPath());
        context.setParentClassLoader(TomcatHost.class.getClassLoader());
        // Test apps start and stop many times in one JVM; leak detection only adds warnings here.
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        if (servletTransport) {
            context.addParameter("dev.wharf.transport", "servlet");
        }
        if (app.archive() != null) {
            context.setDocBase(app.archive().toAbsolutePath().toString());
            context.setJarScanner(noClassPathScanning());
            ContextConfig config = new ContextConfig();
            config.setDefaultWebXml(Constants.NoDefaultWebXml);
            context.addLifecycleListener(config);
            if (app.initializer() != null) {
                // It stands for Tomcat's own initializer: not found a second time on the class path.
                context.setContainerSciFilter(Pattern.quote(app.initializer().getClass().getName()));
            }
        } else {
            Path docBase = Files.createTempDirectory(Path.of(tomcat.getHost().getAppBase()), "app");
            context.setDocBase(docBase.toString());
            // Start-up stays fast: the initializer is handed its classes explicitly, nothing needs scanning.
            StandardJarScanner scanner = noClassPathScanning();
            scanner.setScanAllFiles(false);
            scanner.setScanAllDirectories(false);
            context.setJarScanner(scanner);
            // No web.xml: configured as it is (what Tomcat.addContext does).
            context.addLifecycleListener(new Tomcat.FixContextListener());
        }
        if (!app.protectedPaths().isEmpty()) {
            configureBasicAuth(context, app);
        }
        context.addServletContainerInitializer(new DeclaredComponents(app), Set.of());
        if (app.initializer() != null) {
            ServletContainerInitializer initializer = app.initializer();
            Path archive = app.archive();
            // Tomcat logs an initializer's failure and only marks the context failed; keep it for the exception.
            context.addServletContainerInitializer((classes, ctx) -> {
                try {
                    initializer.onStartup(archive == null ? classes : handledInArchive(initializer, archive, ctx),
                            ctx);
                } catch (ServletException | RuntimeException e) {
                    failure.cause = e;
                    throw e;
                }
            }, app.classes());
        }
        return context;
    }

    /**
     * The archive's classes that {@code initializer}'s {@code @HandlesTypes} selects, loaded by the application's
     * class loader (which exists only once the context starts).
     */
    private static Set<Class<?>> handledInArchive(ServletContainerInitializer initializer, Path archive,
            ServletContext ctx) throws ServletException {
        try {
            return WarScan.of(archive, ctx.getClassLoader()).handledBy(initializer.getClass());
        } catch (Exception e) {
            throw new ServletException("cannot read the archive " + archive, e);
        }
    }

    private static StandardJarScanner noClassPathScanning() {
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        scanner.setScanBootstrapClassPath(false);
        return scanner;
    }

    /** What an initializer threw, for the deployment's exception. */
    private static final class StartupFailure {
        volatile Exception cause;
    }

    private void configureBasicAuth(StandardContext context, WebApp app) {
        context.setLoginConfig(new LoginConfig("BASIC", "wharf-test", null, null));
        // Without web.xml processing nobody installs the authenticator for us.
        context.getPipeline().addValve(new BasicAuthenticator());
        for (WebApp.User user : app.users()) {
            tomcat.addUser(user.name(), user.password());
            for (String role : user.roles()) {
                tomcat.addRole(user.name(), role);
            }
        }
        for (WebApp.Protected rule : app.protectedPaths()) {
            SecurityConstraint constraint = new SecurityConstraint();
            SecurityCollection collection = new SecurityCollection();
            rule.patterns().forEach(collection::addPattern);
            rule.methods().forEach(collection::addMethod);
            constraint.addCollection(collection);
            for (String role : rule.roles()) {
                constraint.addAuthRole(role);
                context.addSecurityRole(role);
            }
            if (rule.confidential()) {
                constraint.setUserConstraint("CONFIDENTIAL");
            }
            context.addConstraint(constraint);
        }
    }

    @Override
    public void undeploy(String contextPath) throws Exception {
        StandardContext context;
        synchronized (this) {
            context = deployed.remove(contextPath);
        }
        if (context == null) {
            return;
        }
        try {
            if (context.getState().isAvailable()) {
                context.stop();
            }
            context.destroy();
        } finally {
            if (context.getParent() != null) {
                tomcat.getHost().removeChild(context);
            }
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public String contextPath() {
        return firstContextPath;
    }

    @Override
    public void stop() throws Exception {
        if (tomcat == null) {
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
                tomcat.stop();
                tomcat.destroy();
            } finally {
                tomcat = null;
                Directories.deleteRecursively(baseDir);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
