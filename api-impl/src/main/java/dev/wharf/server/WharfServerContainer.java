package dev.wharf.server;

import dev.wharf.endpoint.AnnotatedEndpointModel;
import dev.wharf.engine.Role;
import dev.wharf.handshake.DeflateNegotiation;
import dev.wharf.handshake.HandshakeRefusal;
import dev.wharf.handshake.UpgradeOffer;
import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.WharfMetrics;
import dev.wharf.rooms.Rooms;
import dev.wharf.session.ContainerDefaults;
import dev.wharf.session.DefaultsContainer;
import dev.wharf.session.NegotiatedExtension;
import dev.wharf.session.SessionFactory;
import dev.wharf.session.SessionGroup;
import dev.wharf.session.SessionInfo;
import dev.wharf.session.SessionServices;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wharf's {@link ServerContainer}: the endpoints of one web application, the handshake decisions for them, and the
 * sessions they serve. Servlet-free; the servlet bridge feeds it requests and connections.
 */
public final class WharfServerContainer extends DefaultsContainer implements ServerContainer, WharfMetrics.Metered {

    private final SessionServices services;
    private final HandshakePolicy policy;
    private final SessionFactory sessions;
    private final EndpointRegistry registry = new EndpointRegistry();
    private final Map<DeployedEndpoint, SessionGroup> groups = new ConcurrentHashMap<>();
    /** Annotated classes deployed through {@link #addEndpoint(Class)}, to ignore a second submission (spec 6.4). */
    private final Set<Class<?>> annotatedDeployed = ConcurrentHashMap.newKeySet();
    private final DeploymentPhase phase = new DeploymentPhase();
    private volatile HttpUpgrader upgrader;
    /** Whether {@link #connectToServer} was ever used: only then is the client (and jetty-client) loaded. */
    private volatile boolean connectedOut;

    /** Upgrades a servlet request for {@link #upgradeHttpToWebSocket}; supplied by the servlet bridge. */
    @FunctionalInterface
    public interface HttpUpgrader {
        void upgrade(Object request, Object response, EndpointMatch match) throws IOException, DeploymentException;
    }

    /** A container with the default handshake policy (deflate on, only same-host origins). */
    public WharfServerContainer(ContainerDefaults defaults, int maxThreads) {
        this(defaults, new HandshakePolicy(), maxThreads);
    }

    public WharfServerContainer(ContainerDefaults defaults, HandshakePolicy policy, int maxThreads) {
        super(defaults);
        this.policy = policy;
        this.services = new SessionServices(this, defaults, "wharf", maxThreads);
        this.sessions = new SessionFactory(services);
        publishRoomCounters();
    }

    /** The rooms' and their broker's counters, with the container's meters (docs/METRICS.md); 0 until rooms are used. */
    private void publishRoomCounters() {
        ContainerMeters meters = services.meters();
        meters.publishCounter(new ContainerMeters.Counter("rooms.members.closed.slow", "sessions",
                "room members closed because their queue was full (not reading)", () -> {
                    Rooms rooms = Rooms.ifUsed(this);
                    return rooms == null ? 0 : rooms.slowMembersClosed();
                }));
        meters.publishCounter(new ContainerMeters.Counter("rooms.broker.not.delivered", "messages",
                "broadcasts the rooms' broker could not hand to the other servers", () -> {
                    Rooms rooms = Rooms.ifUsed(this);
                    return rooms == null ? 0 : rooms.broker().notDelivered();
                }));
    }

    public void upgrader(HttpUpgrader upgrader) {
        this.upgrader = upgrader;
    }

    /** Origins and permessage-deflate agreement; shared, so a change affects later handshakes. */
    public HandshakePolicy policy() {
        return policy;
    }

    public SessionServices services() {
        return services;
    }

    /** This container's meters (docs/METRICS.md). */
    @Override
    public ContainerMeters meters() {
        return services.meters();
    }

    // ---- deployment ------------------------------------------------------------------------------------------

    /**
     * Deploys an annotated {@code @ServerEndpoint} class. The same class submitted again (found by the scan and
     * also deployed by the application) is deployed once and the duplicate submission ignored (spec 6.4).
     */
    @Override
    public synchronized void addEndpoint(Class<?> endpointClass) throws DeploymentException {
        if (annotatedDeployed.contains(endpointClass)) {
            return;
        }
        phase.checkOpen(endpointClass.getName());
        try {
            ServerEndpoint annotation = endpointClass.getAnnotation(ServerEndpoint.class);
            if (annotation == null) {
                throw new DeploymentException(endpointClass.getName() + " is not annotated with @ServerEndpoint"
                        + inheritanceHint(endpointClass)
                        + "; deploy an Endpoint subclass with addEndpoint(ServerEndpointConfig) [ServerContainer]");
            }
            AnnotatedEndpointModel model = AnnotatedEndpointModel.of(endpointClass);
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpointClass, annotation.value())
                    .subprotocols(Arrays.asList(annotation.subprotocols()))
                    .encoders(Arrays.asList(annotation.encoders()))
                    .decoders(Arrays.asList(annotation.decoders()))
                    .configurator(configurator(endpointClass, annotation.configurator()))
                    .build();
            register(config, model);
        } catch (DeploymentException e) {
            throw halting(e);
        }
        annotatedDeployed.add(endpointClass);
    }

    /** Names the annotated superclass a subclass may wrongly count on: annotations are not inherited. */
    private static String inheritanceHint(Class<?> endpointClass) {
        for (Class<?> c = endpointClass.getSuperclass(); c != null; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(ServerEndpoint.class)) {
                return " (its superclass " + c.getName() + " is, but WebSocket annotations are not inherited"
                        + " [WSC-4.8.1])";
            }
        }
        return "";
    }

    /** Deploys a programmatic endpoint, or an annotated one with an explicit configuration. */
    @Override
    public synchronized void addEndpoint(ServerEndpointConfig config) throws DeploymentException {
        if (config == null) {
            throw halting(new DeploymentException("ServerEndpointConfig must not be null"));
        }
        phase.checkOpen(String.valueOf(config.getEndpointClass()));
        try {
            register(config, modelFor(config.getEndpointClass()));
        } catch (DeploymentException e) {
            throw halting(e);
        }
    }

    /**
     * Marks the end of the servlet bridge's own deployment of the scanned endpoints: from now until
     * {@link #applicationStarted()}, a deployment error halts the application's whole WebSocket deployment
     * [WSC-5.2.1-3], since the application deploys its endpoints in this phase (from a
     * {@code ServletContextListener}, spec 6.4) and may catch the exception.
     */
    public void applicationDeploying() {
        phase.applicationDeploying();
    }

    /**
     * The application has started (every {@code contextInitialized} has run): {@code addEndpoint} is now the
     * run-time deployment allowed since 2.1, whose failure leaves the deployed endpoints serving.
     */
    public void applicationStarted() {
        phase.running();
    }

    /**
     * Halts this application's WebSocket deployment [WSC-5.2.1-3]: every endpoint is taken out of service (its
     * handshakes fall through to the rest of the application) and {@code addEndpoint} refuses any more.
     */
    public synchronized void haltDeployment(String reason) {
        phase.halt(reason);
        withdrawAll();
    }

    /** {@code error}, after halting the deployment if it was raised while the application deploys. */
    private DeploymentException halting(DeploymentException error) {
        if (phase.haltsOn(error)) {
            withdrawAll();
        }
        return error;
    }

    private void withdrawAll() {
        registry.clear();
        annotatedDeployed.clear();
    }

    private void register(ServerEndpointConfig config, AnnotatedEndpointModel model) throws DeploymentException {
        UriTemplate template;
        try {
            template = UriTemplate.parse(config.getPath());
        } catch (IllegalArgumentException e) {
            throw new DeploymentException("cannot deploy " + config.getEndpointClass().getName() + ": "
                    + e.getMessage());
        }
        registry.add(new DeployedEndpoint(config, template, model));
        if (Rooms.joinsByPath(config)) {
            Rooms.of(this); // its sessions join their room before onOpen, from the first one on
        }
    }

    private static AnnotatedEndpointModel modelFor(Class<?> endpointClass) throws DeploymentException {
        if (Endpoint.class.isAssignableFrom(endpointClass)) {
            return null;
        }
        return AnnotatedEndpointModel.of(endpointClass);
    }

    private static ServerEndpointConfig.Configurator configurator(
            Class<?> endpointClass, Class<? extends ServerEndpointConfig.Configurator> type)
            throws DeploymentException {
        if (type == ServerEndpointConfig.Configurator.class) {
            return new DefaultServerConfigurator();
        }
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException(endpointClass.getName() + ": configurator " + type.getName()
                    + " cannot be created through a public no-argument constructor: " + e, e);
        }
    }

    /** Whether any endpoint is deployed (the bridge skips WebSocket work for applications without one). */
    public boolean hasEndpoints() {
        return !registry.isEmpty();
    }

    /** The endpoint a raw request path (relative to the application) leads to, or null [WSC-3.1.1-4]. */
    public EndpointMatch match(String rawPath) {
        return registry.match(rawPath);
    }

    // ---- handshake -------------------------------------------------------------------------------------------

    /**
     * Runs the configurator's part of the handshake for a request already validated against RFC 6455 (see
     * {@link ConfiguratorHandshake}).
     *
     * @throws HandshakeRefusal 403 for a refused origin, 500 when the configurator or endpoint creation fails
     */
    public Negotiation negotiate(EndpointMatch match, HandshakeRequest request, UpgradeOffer offer, boolean secure)
            throws HandshakeRefusal {
        return ConfiguratorHandshake.run(match, request, offer, secure, policy, getInstalledExtensions());
    }

    /** The session for an upgraded connection; the caller wires the transport and then calls {@code open()}. */
    public WebSocketSession newSession(Negotiation negotiation, Transport transport, ClassLoader loader) {
        SessionGroup group = groups.computeIfAbsent(negotiation.deployed(),
                d -> new SessionGroup(services.meters().endpoint(d.template().path())));
        SessionInfo info = negotiation.sessionInfo();
        return sessions.create(Role.SERVER, group, negotiation.endpoint(), negotiation.config(), info,
                SessionFactory.deflateOf(info.extensions()), transport, loader);
    }

    private Session connectOut(ServerSideClient.Connecting connecting) throws DeploymentException, IOException {
        connectedOut = true;
        return ServerSideClient.connect(this, connecting);
    }


    // ---- ServerContainer / WebSocketContainer ----------------------------------------------------------------

    /**
     * Upgrades a request a framework routed itself (WebSocket 2.1). {@code request} and {@code response} are the
     * servlet request and response.
     */
    @Override
    public void upgradeHttpToWebSocket(Object request, Object response, ServerEndpointConfig config,
                                       Map<String, String> pathParameters) throws IOException, DeploymentException {
        HttpUpgrader u = upgrader;
        if (u == null) {
            throw new DeploymentException("upgradeHttpToWebSocket needs Wharf's servlet bridge in the application");
        }
        UriTemplate template;
        try {
            template = UriTemplate.parse(config.getPath());
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage());
        }
        DeployedEndpoint deployed = new DeployedEndpoint(config, template, modelFor(config.getEndpointClass()));
        u.upgrade(request, response, new EndpointMatch(deployed,
                pathParameters == null ? Map.of() : Map.copyOf(pathParameters)));
    }

    // connectToServer: a client container created on first use (see ServerSideClient); a server that never
    // connects out never loads it, nor jetty-client.

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException,
            IOException {
        return connectOut(client -> client.connectToServer(annotatedEndpointInstance, path));
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException,
            IOException {
        return connectOut(client -> client.connectToServer(annotatedEndpointClass, path));
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return connectOut(client -> client.connectToServer(endpointInstance, cec, path));
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return connectOut(client -> client.connectToServer(endpointClass, cec, path));
    }

    /** permessage-deflate (RFC 7692), unless switched off in the {@link HandshakePolicy}. */
    @Override
    public Set<Extension> getInstalledExtensions() {
        return policy.deflateEnabled() ? Set.of(new NegotiatedExtension(DeflateNegotiation.NAME, List.of())) : Set.of();
    }

    /** Closes every session with 1001 and stops the container's threads. */
    public void shutdown(long waitMs) {
        services.shutdown("server shutting down", waitMs);
        if (connectedOut) {
            ServerSideClient.stop(this, waitMs); // the sessions this server opened as a client
        }
    }
}
