package dev.wharf.servlet.hosts;

import java.net.URI;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * An embedded servlet container that serves one {@link WebApp} on {@code 127.0.0.1} and an ephemeral port.
 *
 * <p>Each host starts the web application the way its container normally would: the app's
 * {@code ServletContainerInitializer} is registered through the container's own API and receives the app's class set
 * as if {@code @HandlesTypes} had found it. A host serves one application at a time; {@link #start} after
 * {@link #stop} is not supported: take a fresh instance from {@link #all()}.
 *
 * <p>Besides the plain HTTP port, every host listens for HTTPS on a second ephemeral port, serving a self-signed
 * certificate for {@code 127.0.0.1} that {@link #clientTls()} trusts. A plain request to a path whose constraint
 * requires a {@code CONFIDENTIAL} transport is redirected to that port.
 *
 * <p>Hosts carry no WebSocket support of their own (no Jetty, Tomcat or Undertow WebSocket module is on the test
 * class path), so anything that upgrades a connection is the application's doing.
 */
public interface Host extends AutoCloseable {

    /** A short lower-case name for test display names: {@code jetty}, {@code tomcat}, {@code undertow}. */
    String name();

    /** Deploys {@code app} and starts listening; returns {@code this}. Fails if deployment fails. */
    Host start(WebApp app) throws Exception;

    /** The port actually bound; valid after {@link #start}. */
    int port();

    /** The HTTPS port actually bound; valid after {@link #start}. */
    int tlsPort();

    /** The deployed application's context path, {@code ""} for the root context or e.g. {@code "/app"}. */
    String contextPath();

    /** {@code ws://127.0.0.1:port/context/path}; {@code path} starts with {@code /}. */
    default URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + contextPath() + path);
    }

    /** {@code http://127.0.0.1:port/context/path}; {@code path} starts with {@code /}. */
    default URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port() + contextPath() + path);
    }

    /** {@code wss://127.0.0.1:tlsPort/context/path}; {@code path} starts with {@code /}. */
    default URI wssUri(String path) {
        return URI.create("wss://127.0.0.1:" + tlsPort() + contextPath() + path);
    }

    /** {@code https://127.0.0.1:tlsPort/context/path}; {@code path} starts with {@code /}. */
    default URI httpsUri(String path) {
        return URI.create("https://127.0.0.1:" + tlsPort() + contextPath() + path);
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
     * Stops the application first (its context-destroyed listeners run while connections are still open), then
     * the server. Idempotent.
     */
    void stop() throws Exception;

    @Override
    default void close() throws Exception {
        stop();
    }

    /** Fresh, unstarted instances of every host. */
    static List<Host> all() {
        return List.of(new JettyHost(), new TomcatHost(), new UndertowHost());
    }

    /**
     * {@link #all()} plus Tomcat with Wharf forced onto the servlet upgrade ({@code tomcat-servlet}): Tomcat is the
     * host where Wharf has both a native and a servlet transport, and both must work.
     */
    static List<Host> allTransports() {
        return List.of(new JettyHost(), new TomcatHost(), TomcatHost.servletTransport(), new UndertowHost());
    }
}
