package dev.wharf.servlet.hosts;

import java.net.URI;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * An embedded servlet container serving {@link WebApp}s on {@code 127.0.0.1} (or the address given to
 * {@link #listen}) and an ephemeral port.
 *
 * <p>Each host starts a web application the way its container normally would: the app's
 * {@code ServletContainerInitializer} is registered through the container's own API and receives the app's class set
 * as if {@code @HandlesTypes} had found it (or, for an app made from a web archive, what {@code @HandlesTypes}
 * selects among the archive's classes). Most tests {@link #start} a host with one application; the Arquillian
 * containers of the conformance suites {@link #listen} first and then {@link #deploy} and {@link #undeploy} one
 * application per archive. {@link #listen} after {@link #stop} is not supported: take a fresh instance.
 *
 * <p>Besides the plain HTTP port, every host listens for HTTPS on a second ephemeral port, serving a self-signed
 * certificate for {@code 127.0.0.1} that {@link #clientTls()} trusts. A plain request to a path whose constraint
 * requires a {@code CONFIDENTIAL} transport is redirected to that port.
 *
 * <p>Hosts carry no WebSocket support of their own (no Jetty, Tomcat or Undertow WebSocket module is on the test
 * class path), so anything that upgrades a connection is the application's doing.
 *
 * <p>The servers are {@code provided} dependencies of the test fixtures: a module that uses a host has that server
 * (and only the servers it uses) on its own test class path, at the version it tests with.
 */
public interface Host extends AutoCloseable {

    /** A short lower-case name for test display names: {@code jetty}, {@code tomcat}, {@code undertow}. */
    String name();

    /**
     * Starts listening on {@code 127.0.0.1}, ephemeral ports, and deploys {@code app}; returns {@code this}. Fails
     * (with the server stopped) if deployment fails.
     */
    default Host start(WebApp app) throws Exception {
        listen("127.0.0.1", 0);
        try {
            deploy(app);
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

    /**
     * Starts the server with no application: plain HTTP on {@code address} and {@code port} (0: an ephemeral port),
     * HTTPS on the same address and an ephemeral port; returns {@code this}.
     */
    Host listen(String address, int port) throws Exception;

    /**
     * Deploys {@code app} beside the applications already deployed (context paths must differ). If the application
     * does not start it is taken off the server again, so its paths answer 404, and the failure is thrown.
     */
    void deploy(WebApp app) throws Exception;

    /**
     * Stops the application at {@code contextPath} (its context-destroyed listeners run while its connections are
     * still open) and takes it off the server; nothing happens if none is deployed there.
     */
    void undeploy(String contextPath) throws Exception;

    /** The address listened on; valid after {@link #listen}. */
    String address();

    /** The port actually bound; valid after {@link #listen}. */
    int port();

    /** The HTTPS port actually bound; valid after {@link #listen}. */
    int tlsPort();

    /**
     * The context path of the first application deployed ({@link #start}'s), {@code ""} for the root context or
     * e.g. {@code "/app"}.
     */
    String contextPath();

    /** {@code ws://address:port/context/path}; {@code path} starts with {@code /}. */
    default URI wsUri(String path) {
        return URI.create("ws://" + address() + ":" + port() + contextPath() + path);
    }

    /** {@code http://address:port/context/path}; {@code path} starts with {@code /}. */
    default URI httpUri(String path) {
        return URI.create("http://" + address() + ":" + port() + contextPath() + path);
    }

    /** {@code wss://address:tlsPort/context/path}; {@code path} starts with {@code /}. */
    default URI wssUri(String path) {
        return URI.create("wss://" + address() + ":" + tlsPort() + contextPath() + path);
    }

    /** {@code https://address:tlsPort/context/path}; {@code path} starts with {@code /}. */
    default URI httpsUri(String path) {
        return URI.create("https://" + address() + ":" + tlsPort() + contextPath() + path);
    }

    /** A client TLS context that trusts the hosts' certificate (and nothing else). */
    default SSLContext clientTls() {
        try {
            return HostCertificate.shared().clientContext;
        } catch (Exception e) {
            throw new IllegalStateException("no host certificate", e);
        }
    }

    /**
     * Stops the applications first (their context-destroyed listeners run while connections are still open), then
     * the server. Idempotent.
     */
    void stop() throws Exception;

    @Override
    default void close() throws Exception {
        stop();
    }

    /**
     * A fresh, unstarted host by {@link #name()}: {@code jetty}, {@code tomcat}, {@code tomcat-servlet},
     * {@code undertow} or {@code undertow-servlet}. Only the named server's classes are loaded, so a module needs only
     * that server.
     */
    static Host named(String name) {
        return switch (name) {
            case "jetty" -> new JettyHost();
            case "tomcat" -> new TomcatHost();
            case "tomcat-servlet" -> TomcatHost.servletTransport();
            case "undertow" -> new UndertowHost();
            case "undertow-servlet" -> UndertowHost.servletTransport();
            default -> throw new IllegalArgumentException("no host named " + name);
        };
    }

    /** Fresh, unstarted instances of every host. */
    static List<Host> all() {
        return List.of(new JettyHost(), new TomcatHost(), new UndertowHost());
    }

    /**
     * {@link #all()} plus Tomcat and Undertow with Wharf forced onto the servlet upgrade ({@code tomcat-servlet},
     * {@code undertow-servlet}): the hosts where Wharf has both a native and a servlet transport, and both must work.
     */
    static List<Host> allTransports() {
        return List.of(new JettyHost(), new TomcatHost(), TomcatHost.servletTransport(), new UndertowHost(),
                UndertowHost.servletTransport());
    }
}
