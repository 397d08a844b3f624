package dev.wharf.client;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.AnnotatedEndpointModel;
import dev.wharf.handshake.DeflateNegotiation;
import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.WharfMetrics;
import dev.wharf.session.NegotiatedExtension;
import dev.wharf.session.ContainerDefaults;
import dev.wharf.session.DefaultsContainer;
import dev.wharf.session.SessionGroup;
import dev.wharf.session.SessionServices;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wharf's client {@link WebSocketContainer}: connects endpoints to servers over ws:// and wss://, with the same
 * sessions, remotes, codecs and engine as the server side. The HTTP upgrade, TLS, proxies and connection set-up go
 * through jetty-client; frames are Wharf's.
 *
 * <p>Options (set before connecting; each applies to connections opened afterwards), with their defaults:
 * <ul>
 *   <li>{@link #setConnectTimeout} 15 s; {@link #setHandshakeTimeout} 30 s (from sending the request to the 101);</li>
 *   <li>{@link #setMaxRedirects} 8 (0: a redirect fails the connection);</li>
 *   <li>{@link #setProxy} none: the JVM's {@link java.net.ProxySelector} decides; an explicit proxy wins;</li>
 *   <li>{@link #setPerMessageDeflate} on: the configurations this container makes itself (for an
 *   {@code @ClientEndpoint}, or an {@code Endpoint} connected without a {@link ClientEndpointConfig}) offer
 *   permessage-deflate (RFC 7692), and {@link #getInstalledExtensions()} lists the offer. A
 *   {@link ClientEndpointConfig} the application builds offers exactly its {@code getExtensions()}
 *   [WSC-3.2.2-1]: none unless it lists some, e.g. {@code extensions(new ArrayList<>(getInstalledExtensions()))};</li>
 *   <li>{@link #setMaxIoThreads} 16, shared by all connections of this container; endpoint callbacks run on a
 *   separate bounded pool ({@link SessionServices#DEFAULT_MAX_THREADS});</li>
 *   <li>the Jakarta defaults: idle timeout, message buffer sizes, async send timeout ({@link ContainerDefaults}).</li>
 * </ul>
 * Credentials for a server's 401 challenge (Basic or Digest) come from the endpoint configuration's user properties
 * {@link #AUTH_USER} and {@link #AUTH_PASSWORD}, or from the URI's user info.
 *
 * <p>{@link #close()} closes every session with 1001 and stops the container's threads; the container cannot be used
 * afterwards.
 *
 * <p>Sessions, messages, closes, pings' round trips and handshakes are counted per endpoint class and published in
 * JMX and to Micrometer under client names of their own ({@link #meters()}, docs/METRICS.md).
 */
public final class WharfClientContainer extends DefaultsContainer implements AutoCloseable, WharfMetrics.Metered {

    /** User property (String) of a {@link ClientEndpointConfig}: the user name answering a 401 challenge. */
    public static final String AUTH_USER = "dev.wharf.client.auth.user";
    /** User property (String) of a {@link ClientEndpointConfig}: the password answering a 401 challenge. */
    public static final String AUTH_PASSWORD = "dev.wharf.client.auth.password";

    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_MAX_REDIRECTS = 8;
    public static final int DEFAULT_MAX_IO_THREADS = 16;

    private final int maxCallbackThreads;
    private final Map<Class<?>, SessionGroup> groups = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private SessionServices services;
    private HttpClients clients;
    private boolean stopped;

    private volatile long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    private volatile long handshakeTimeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS;
    private volatile int maxRedirects = DEFAULT_MAX_REDIRECTS;
    private volatile int maxIoThreads = DEFAULT_MAX_IO_THREADS;
    private volatile HttpClients.ProxyRoute proxy;
    private volatile boolean deflateOffered = true;
    private volatile boolean deflateNoContextTakeover;

    public WharfClientContainer() {
        this(new ContainerDefaults(), SessionServices.DEFAULT_MAX_THREADS);
    }

    /** A container over given defaults, with at most {@code maxCallbackThreads} threads running endpoint code. */
    public WharfClientContainer(ContainerDefaults defaults, int maxCallbackThreads) {
        super(defaults);
        this.maxCallbackThreads = maxCallbackThreads;
    }

    // ---- options ---------------------------------------------------------------------------------------------

    /** Milliseconds to establish the TCP connection (and the proxy tunnel); zero or less: no limit. */
    public void setConnectTimeout(long ms) {
        connectTimeoutMs = ms;
    }

    public long getConnectTimeout() {
        return connectTimeoutMs;
    }

    /** Milliseconds from sending the upgrade request to a complete 101 answer, per request; zero or less: no limit. */
    public void setHandshakeTimeout(long ms) {
        handshakeTimeoutMs = ms;
    }

    public long getHandshakeTimeout() {
        return handshakeTimeoutMs;
    }

    /** How many 3xx redirects one connect follows; 0 fails on the first one. */
    public void setMaxRedirects(int max) {
        maxRedirects = max;
    }

    public int getMaxRedirects() {
        return maxRedirects;
    }

    /** Upper bound of the I/O threads shared by all connections; takes effect if set before the first connect. */
    public void setMaxIoThreads(int max) {
        maxIoThreads = max;
    }

    /**
     * An explicit HTTP proxy for every connection, reached with {@code CONNECT}; {@code user} may be null, otherwise
     * it and {@code password} answer the proxy's 407 Basic challenge. {@code host} null restores the default: ask
     * the JVM's {@link java.net.ProxySelector}.
     */
    public void setProxy(String host, int port, String user, String password) {
        proxy = host == null ? null : new HttpClients.ProxyRoute(host, port, user, password);
    }

    /**
     * Whether the configurations this container makes itself offer permessage-deflate (RFC 7692) and
     * {@link #getInstalledExtensions()} lists it; default true. An application's own {@link ClientEndpointConfig} offers
     * what its {@code getExtensions()} lists, whatever this says.
     */
    public void setPerMessageDeflate(boolean enabled) {
        deflateOffered = enabled;
    }

    /**
     * Whether the container's offer asks for no context takeover in both directions ({@code client_no_context_takeover} and
     * {@code server_no_context_takeover}): no compressor is kept between messages, at some cost in ratio. Default
     * false.
     */
    public void setPerMessageDeflateNoContextTakeover(boolean noContextTakeover) {
        deflateNoContextTakeover = noContextTakeover;
    }

    /** The container's defaults, shared with every session it opens. */
    public ContainerDefaults defaults() {
        return defaults;
    }

    // ---- connecting ------------------------------------------------------------------------------------------

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        if (annotatedEndpointInstance instanceof Endpoint endpoint) {
            return connectToServer(endpoint, defaultConfig(), path);
        }
        Class<?> type = annotatedEndpointInstance.getClass();
        AnnotatedEndpointModel model = clientModel(type);
        return connect(new AnnotatedEndpoint(model, annotatedEndpointInstance), configFor(type), path, type);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        if (Endpoint.class.isAssignableFrom(annotatedEndpointClass)) {
            return connectToServer(annotatedEndpointClass.asSubclass(Endpoint.class), defaultConfig(), path);
        }
        AnnotatedEndpointModel model = clientModel(annotatedEndpointClass);
        if (!model.hasPublicNoArgConstructor()) {
            throw new DeploymentException(annotatedEndpointClass.getName()
                    + " has no public no-argument constructor; pass an instance instead");
        }
        Object instance = instantiate(annotatedEndpointClass);
        return connect(new AnnotatedEndpoint(model, instance), configFor(annotatedEndpointClass), path,
                annotatedEndpointClass);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return connect(endpointInstance, cec == null ? defaultConfig() : cec, path, endpointInstance.getClass());
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        Endpoint endpoint = (Endpoint) instantiate(endpointClass);
        return connectToServer(endpoint, cec, path);
    }

    private Session connect(Endpoint endpoint, ClientEndpointConfig config, URI uri, Class<?> endpointClass)
            throws DeploymentException, IOException {
        // The endpoint class names the client's meters: as bounded as the server's path templates.
        SessionGroup group = groups.computeIfAbsent(endpointClass,
                c -> new SessionGroup(services().meters().endpoint(c.getName())));
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = endpointClass.getClassLoader();
        }
        return new Connect(this, endpoint, config, uri, group, loader).run();
    }

    private static AnnotatedEndpointModel clientModel(Class<?> type) throws DeploymentException {
        if (type.getDeclaredAnnotation(ClientEndpoint.class) == null) {
            throw new DeploymentException(type.getName() + " is not annotated with @ClientEndpoint"
                    + " and is not an Endpoint [WSC-6.1]");
        }
        AnnotatedEndpointModel model = AnnotatedEndpointModel.of(type);
        if (model.isServerEndpoint()) {
            throw new DeploymentException(type.getName() + " is a server endpoint, not a client one");
        }
        return model;
    }

    /**
     * The configuration for an {@code Endpoint} connected without one: the container's extensions (its
     * permessage-deflate offer, while on), nothing else.
     */
    private ClientEndpointConfig defaultConfig() {
        return ClientEndpointConfig.Builder.create().extensions(offeredByDefault()).build();
    }

    /** What the container's own configurations offer: its permessage-deflate offer while that is on. */
    private List<Extension> offeredByDefault() {
        if (!deflateOffered) {
            return List.of();
        }
        boolean reset = deflateNoContextTakeover;
        return NegotiatedExtension.fromSpecs(List.of(DeflateNegotiation.offer(reset, reset)));
    }

    /**
     * The configuration an {@code @ClientEndpoint} declares (subprotocols, codecs, configurator), with the
     * container's extensions: the annotation has no element for them.
     */
    ClientEndpointConfig configFor(Class<?> type) throws DeploymentException {
        ClientEndpoint annotation = type.getDeclaredAnnotation(ClientEndpoint.class);
        ClientEndpointConfig.Configurator configurator;
        Class<? extends ClientEndpointConfig.Configurator> configuratorType = annotation.configurator();
        if (configuratorType == ClientEndpointConfig.Configurator.class) {
            configurator = new ClientEndpointConfig.Configurator();
        } else {
            configurator = (ClientEndpointConfig.Configurator) instantiate(configuratorType);
        }
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(Arrays.asList(annotation.subprotocols()))
                .encoders(Arrays.asList(annotation.encoders()))
                .decoders(Arrays.asList(annotation.decoders()))
                .configurator(configurator)
                .extensions(offeredByDefault())
                .build();
    }

    private static Object instantiate(Class<?> type) throws DeploymentException {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DeploymentException("cannot create " + type.getName()
                    + " through a public no-argument constructor: " + e, e);
        }
    }

    // ---- shared machinery, started on first use --------------------------------------------------------------

    SessionServices services() {
        synchronized (lifecycle) {
            checkRunning();
            if (services == null) {
                services = new SessionServices(this, defaults, "wharf-client", maxCallbackThreads);
                services.meters().publishClient();
            }
            return services;
        }
    }

    HttpClients clients() {
        synchronized (lifecycle) {
            checkRunning();
            if (clients == null) {
                clients = new HttpClients(maxIoThreads, connectTimeoutMs);
            }
            return clients;
        }
    }

    private void checkRunning() {
        if (stopped) {
            throw new IllegalStateException("the client container is stopped");
        }
    }

    long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    long handshakeTimeoutMs() {
        return handshakeTimeoutMs;
    }

    int maxRedirects() {
        return maxRedirects;
    }

    HttpClients.ProxyRoute explicitProxy() {
        return proxy;
    }

    /**
     * This container's meters (docs/METRICS.md): its sessions by endpoint class, its handshakes, its send queues and
     * callback pool; in JMX as {@code dev.wharf:type=WebSocketClientContainer,client=<n>} from its first connect
     * until it stops. {@code defaults().metricsEnabled(false)} before the first connect records nothing.
     *
     * @throws IllegalStateException when the container stopped without ever connecting
     */
    @Override
    public ContainerMeters meters() {
        synchronized (lifecycle) {
            if (services != null) {
                return services.meters(); // still readable after stop
            }
        }
        return services().meters();
    }

    /** Sessions currently open in this container. */
    public Set<? extends Session> openSessions() {
        SessionServices s;
        synchronized (lifecycle) {
            s = services;
        }
        return s == null ? Set.of() : s.openSessions();
    }

    /**
     * Closes every open session with 1001 (going away), waits up to {@code waitMs} for their {@code onClose}, then
     * stops every thread the container started. Idempotent.
     */
    public void stop(long waitMs) {
        SessionServices s;
        HttpClients c;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            s = services;
            c = clients;
        }
        if (s != null) {
            s.shutdown("client container stopped", waitMs);
            s.meters().unpublish();
        }
        if (c != null) {
            c.stop();
        }
    }

    /** {@link #stop(long)} waiting up to the close timeout of the defaults. */
    public void stop() {
        stop(defaults.closeTimeoutMs());
    }

    @Override
    public void close() {
        stop();
    }

    /** permessage-deflate (RFC 7692), offered on every connection unless switched off. */
    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.copyOf(offeredByDefault());
    }

    @Override
    public String toString() {
        return "WharfClientContainer[" + (stopped ? "stopped" : "running") + "]";
    }
}
