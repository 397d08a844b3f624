package dev.wharf.client;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The jetty-client instances of one client container, one per route (TLS context, proxy), all sharing one bounded
 * pool of I/O threads and one scheduler, so the number of threads does not grow with connections. Everything starts
 * on first use and stops in {@link #stop()}.
 */
final class HttpClients {

    /** An HTTP proxy to tunnel through, with optional credentials for its Basic challenge. */
    record ProxyRoute(String host, int port, String user, String password) {
        URI uri() {
            return URI.create("http://" + host + ":" + port);
        }
    }

    /** What distinguishes one jetty-client from another: the TLS context (null: JVM default) and the proxy. */
    private record Route(SSLContext sslContext, ProxyRoute proxy) {
    }

    private final int maxThreads;
    private final long connectTimeoutMs;
    private final Map<Route, HttpClient> clients = new ConcurrentHashMap<>();
    private QueuedThreadPool threads;
    private ScheduledExecutorScheduler scheduler;
    private boolean stopped;

    HttpClients(int maxThreads, long connectTimeoutMs) {
        this.maxThreads = maxThreads;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** The started client for a route. */
    synchronized HttpClient client(SSLContext sslContext, ProxyRoute proxy) throws Exception {
        if (stopped) {
            throw new IllegalStateException("the client container is stopped");
        }
        Route route = new Route(sslContext, proxy);
        HttpClient client = clients.get(route);
        if (client == null) {
            startShared();
            client = newClient(route);
            clients.put(route, client);
        }
        return client;
    }

    private void startShared() throws Exception {
        if (threads != null) {
            return;
        }
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, 1, 30_000);
        pool.setName("wharf-client-io");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        pool.start();
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("wharf-client-scheduler", true);
        timer.start();
        threads = pool;
        scheduler = timer;
    }

    private HttpClient newClient(Route route) throws Exception {
        HttpClient client = new HttpClient();
        // Started beforehand, so the client uses them without owning them.
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.setConnectTimeout(connectTimeoutMs);
        client.setIdleTimeout(0);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        SslContextFactory.Client tls = new SslContextFactory.Client();
        // Host-name verification stays on (Jetty's default is "HTTPS"); without a context the JVM's trust applies.
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        if (route.sslContext() != null) {
            tls.setSslContext(route.sslContext());
        }
        client.setSslContextFactory(tls);
        ProxyRoute proxy = route.proxy();
        if (proxy != null) {
            client.getProxyConfiguration().addProxy(new TunnelingProxy(proxy.host(), proxy.port()));
            if (proxy.user() != null) {
                client.getAuthenticationStore().addAuthentication(new BasicAuthentication(proxy.uri(),
                        org.eclipse.jetty.client.Authentication.ANY_REALM, proxy.user(),
                        Objects.requireNonNullElse(proxy.password(), "")));
            }
        }
        client.start();
        return client;
    }

    /** Stops every client, then the shared threads. Idempotent. */
    synchronized void stop() {
        stopped = true;
        for (HttpClient client : clients.values()) {
            try {
                client.stop();
            } catch (Exception e) {
                System.getLogger(HttpClients.class.getName()).log(System.Logger.Level.DEBUG, "stopping " + client, e);
            }
        }
        clients.clear();
        try {
            if (scheduler != null) {
                scheduler.stop();
            }
            if (threads != null) {
                threads.stop();
            }
        } catch (Exception e) {
            System.getLogger(HttpClients.class.getName()).log(System.Logger.Level.DEBUG, "stopping threads", e);
        }
    }

    /**
     * An HTTP proxy reached with {@code CONNECT} for ws:// as well as wss:// (RFC 6455 §4.1: a client behind a proxy
     * SHOULD ask it for a tunnel), since a plain forwarding proxy may not pass the upgraded connection through.
     */
    private static final class TunnelingProxy extends HttpProxy {
        TunnelingProxy(String host, int port) {
            super(new Origin.Address(host, port), false);
        }

        @Override
        public boolean requiresTunnel(Origin serverOrigin) {
            return true;
        }
    }
}
