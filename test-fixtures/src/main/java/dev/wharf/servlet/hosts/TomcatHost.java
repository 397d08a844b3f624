package dev.wharf.servlet.hosts;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
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
 */
final class TomcatHost implements Host {

    private final boolean servletTransport;

    private Tomcat tomcat;
    private Context context;
    private Connector connector;
    private Connector tlsConnector;
    private Path baseDir;
    private int port;
    private int tlsPort;
    private String contextPath;
    private volatile Exception startupFailure;

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
    public Host start(WebApp app) throws Exception {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        contextPath = app.contextPath();
        baseDir = Files.createTempDirectory("wharf-tomcat");
        Path docBase = Files.createDirectories(baseDir.resolve("webapp"));

        tomcat = new Tomcat();
        tomcat.setSilent(true);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        // Until the TLS port is known a CONFIDENTIAL constraint would redirect to Tomcat's default 8443; -1 answers
        // 403 instead. Set to the TLS port once bound.
        connector.setRedirectPort(-1);
        tlsConnector = tlsConnector();
        tomcat.getService().addConnector(tlsConnector);

        context = tomcat.addContext(contextPath, docBase.toString());
        if (servletTransport) {
            context.addParameter("dev.wharf.transport", "servlet");
        }
        // Start-up stays fast: the initializer is handed its classes explicitly, nothing needs scanning.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        scanner.setScanAllFiles(false);
        scanner.setScanAllDirectories(false);
        scanner.setScanBootstrapClassPath(false);
        context.setJarScanner(scanner);
        // Test apps start and stop many times in one JVM; leak detection only adds warnings here.
        StandardContext standard = (StandardContext) context;
        standard.setClearReferencesThreadLocals(false);
        standard.setClearReferencesRmiTargets(false);

        if (!app.protectedPaths().isEmpty()) {
            configureBasicAuth(app);
        }
        context.addServletContainerInitializer(new DeclaredComponents(app), Set.of());
        if (app.initializer() != null) {
            ServletContainerInitializer initializer = app.initializer();
            // Tomcat logs an initializer's failure and only marks the context failed; keep it for the exception.
            context.addServletContainerInitializer((classes, ctx) -> {
                try {
                    initializer.onStartup(classes, ctx);
                } catch (ServletException | RuntimeException e) {
                    startupFailure = e;
                    throw e;
                }
            }, app.classes());
        }
        try {
            tomcat.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
        // Tomcat logs a failed context and keeps the server running; fail loudly instead.
        if (context.getState() != LifecycleState.STARTED) {
            stop();
            throw new IllegalStateException("deployment failed on tomcat: context is " + context.getState(),
                    startupFailure);
        }
        port = connector.getLocalPort();
        tlsPort = tlsConnector.getLocalPort();
        connector.setRedirectPort(tlsPort);
        return this;
    }

    /** HTTPS through JSSE (the OpenSSL implementations need a native library or Java 22). */
    private static Connector tlsConnector() throws Exception {
        HostCertificate certificate = HostCertificate.shared();
        SSLHostConfig ssl = new SSLHostConfig();
        SSLHostConfigCertificate key = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        key.setCertificateKeystore(certificate.keyStore);
        key.setCertificateKeyAlias(HostCertificate.ALIAS);
        key.setCertificateKeyPassword(HostCertificate.PASSWORD);
        ssl.addCertificate(key);

        Connector tls = new Connector();
        tls.setPort(0);
        tls.setProperty("address", "127.0.0.1");
        tls.setProperty("SSLEnabled", "true");
        tls.setProperty("sslImplementationName", "org.apache.tomcat.util.net.jsse.JSSEImplementation");
        tls.setScheme("https");
        tls.setSecure(true);
        tls.addSslHostConfig(ssl);
        return tls;
    }

    private void configureBasicAuth(WebApp app) {
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
    public int port() {
        return port;
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    @Override
    public void stop() throws Exception {
        if (tomcat == null) {
            return;
        }
        try {
            if (context != null && context.getState().isAvailable()) {
                context.stop();
            }
            tomcat.stop();
            tomcat.destroy();
        } finally {
            tomcat = null;
            deleteRecursively(baseDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
