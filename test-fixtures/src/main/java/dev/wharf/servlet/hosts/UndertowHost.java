package dev.wharf.servlet.hosts;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.security.idm.Account;
import io.undertow.security.idm.Credential;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.idm.PasswordCredential;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.LoginConfig;
import io.undertow.servlet.api.SecurityConstraint;
import io.undertow.servlet.api.SecurityInfo;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.TransportGuaranteeType;
import io.undertow.servlet.api.WebResourceCollection;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContainerInitializer;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Embedded Undertow 2.3 ({@code undertow-servlet} only; no {@code undertow-websockets-jsr}). Wharf takes connections
 * over through Undertow's exchange upgrade (native XNIO channel I/O) unless the host is made with
 * {@link #servletTransport()}, which forces the servlet upgrade ({@code dev.wharf.transport=servlet}) so that both
 * paths stay tested.
 */
final class UndertowHost implements Host {

    private final boolean servletTransport;

    private Undertow server;
    private PathHandler paths;
    // One servlet container per host: the default one is a JVM-wide singleton keyed by deployment name.
    private final ServletContainer container = Servlets.newContainer();
    private final Map<String, DeploymentInfo> deployed = new LinkedHashMap<>();
    private String address;
    private int port;
    private volatile int tlsPort;
    private String firstContextPath;

    UndertowHost() {
        this(false);
    }

    private UndertowHost(boolean servletTransport) {
        this.servletTransport = servletTransport;
    }

    /** Undertow with Wharf forced onto the servlet upgrade. */
    static UndertowHost servletTransport() {
        return new UndertowHost(true);
    }

    /** {@code undertow}, or {@code undertow-servlet} for the forced servlet upgrade. */
    @Override
    public String name() {
        return servletTransport ? "undertow-servlet" : "undertow";
    }

    @Override
    public synchronized Host listen(String address, int port) throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.address = address;
        paths = Handlers.path();
        server = Undertow.builder()
                .addHttpListener(port, address)
                // HTTP/1.1 only: Undertow offers HTTP/2 over ALPN only when ENABLE_HTTP2 is set.
                .addHttpsListener(0, address, HostCertificate.shared().serverContext)
                .setHandler(paths).build();
        try {
            server.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        for (Undertow.ListenerInfo listener : server.getListenerInfo()) {
            int bound = ((InetSocketAddress) listener.getAddress()).getPort();
            if (listener.getProtcol().equals("https")) {
                tlsPort = bound;
            } else {
                this.port = bound;
            }
        }
        return this;
    }

    @Override
    public void deploy(WebApp app) throws Exception {
        if (app.archive() != null) {
            throw new UnsupportedOperationException("archives deploy on jetty and tomcat, not undertow");
        }
        String contextPath = app.contextPath();
        String deployedPath = contextPath.isEmpty() ? "/" : contextPath;
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowHost.class.getClassLoader())
                .setContextPath(deployedPath)
                .setDeploymentName("wharf-test" + contextPath.replace('/', '-') + ".war")
                .addServletContainerInitializer(initializerInfo(new DeclaredComponents(app), Set.of()));
        if (servletTransport) {
            deployment.addInitParameter("dev.wharf.transport", "servlet");
        }
        if (app.initializer() != null) {
            deployment.addServletContainerInitializer(initializerInfo(app.initializer(), app.classes()));
        }
        if (!app.protectedPaths().isEmpty()) {
            configureBasicAuth(deployment, app);
            // Where a CONFIDENTIAL constraint redirects a plain request: the TLS listener.
            deployment.setConfidentialPortManager(exchange -> tlsPort);
        }
        DeploymentManager manager;
        synchronized (this) {
            if (server == null) {
                throw new IllegalStateException("not listening");
            }
            if (deployed.containsKey(contextPath)) {
                throw new IllegalStateException("an application is deployed at '" + contextPath + "'");
            }
            manager = container.addDeployment(deployment);
            deployed.put(contextPath, deployment);
            if (firstContextPath == null) {
                firstContextPath = contextPath;
            }
        }
        try {
            manager.deploy();
            paths.addPrefixPath(deployedPath, manager.start());
        } catch (Exception | Error e) {
            try {
                undeploy(contextPath);
            } catch (Exception undeploying) {
                e.addSuppressed(undeploying);
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static ServletContainerInitializerInfo initializerInfo(ServletContainerInitializer sci,
            Set<Class<?>> classes) {
        return new ServletContainerInitializerInfo(sci.getClass(), new ImmediateInstanceFactory<>(sci), classes);
    }

    private static void configureBasicAuth(DeploymentInfo deployment, WebApp app) {
        deployment.setLoginConfig(new LoginConfig("BASIC", "wharf-test"));
        deployment.setIdentityManager(new Users(app.users().stream()
                .collect(Collectors.toMap(WebApp.User::name, Function.identity()))));
        for (WebApp.Protected rule : app.protectedPaths()) {
            WebResourceCollection collection = new WebResourceCollection();
            collection.addUrlPatterns(rule.patterns());
            collection.addHttpMethods(rule.methods());
            SecurityConstraint constraint = new SecurityConstraint().addWebResourceCollection(collection);
            if (rule.roles().isEmpty()) {
                constraint.setEmptyRoleSemantic(SecurityInfo.EmptyRoleSemantic.PERMIT);
            } else {
                constraint.addRolesAllowed(rule.roles());
            }
            if (rule.confidential()) {
                constraint.setTransportGuaranteeType(TransportGuaranteeType.CONFIDENTIAL);
            }
            deployment.addSecurityConstraint(constraint);
            deployment.addSecurityRoles(rule.roles());
        }
    }

    /** An in-memory identity store for BASIC authentication. */
    private record Users(Map<String, WebApp.User> byName) implements IdentityManager {
        @Override
        public Account verify(Account account) {
            return account;
        }

        @Override
        public Account verify(String id, Credential credential) {
            WebApp.User user = byName.get(id);
            if (user == null || !(credential instanceof PasswordCredential password)
                    || !Arrays.equals(password.getPassword(), user.password().toCharArray())) {
                return null;
            }
            Principal principal = user::name;
            Set<String> roles = Set.copyOf(user.roles());
            return new Account() {
                @Override
                public Principal getPrincipal() {
                    return principal;
                }

                @Override
                public Set<String> getRoles() {
                    return roles;
                }
            };
        }

        @Override
        public Account verify(Credential credential) {
            return null;
        }
    }

    @Override
    public void undeploy(String contextPath) throws Exception {
        DeploymentInfo deployment;
        synchronized (this) {
            deployment = deployed.remove(contextPath);
        }
        if (deployment == null) {
            return;
        }
        paths.removePrefixPath(contextPath.isEmpty() ? "/" : contextPath);
        DeploymentManager manager = container.getDeployment(deployment.getDeploymentName());
        try {
            manager.stop();
            manager.undeploy();
        } finally {
            container.removeDeployment(deployment);
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
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
