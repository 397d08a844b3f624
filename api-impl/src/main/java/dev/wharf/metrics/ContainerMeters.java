package dev.wharf.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The meters of one WebSocket container (one web application): handshakes, the meters of each endpoint path, and
 * gauges read from the container's services when asked (send-queue bytes, callback threads). Owned by the
 * container's {@code SessionServices}; published to JMX and to Micrometer binders by {@link #publish}, withdrawn by
 * {@link #unpublish} when the container stops.
 *
 * <p>Applications read it through {@link WharfMetrics#of}. Recording methods are for the container.
 */
public final class ContainerMeters {

    /** Unsent bytes beyond which a session counts as behind, in {@link #sessionsBehind()}. */
    public static final long BEHIND_BYTES = 64 * 1024;

    /** What the container's services report when a gauge is read (never on the hot path). */
    public interface Sources {
        /** Bytes queued, batched or being written for all peers now. */
        long sendBytesHeld();

        /** The most bytes held for all peers at once so far. */
        long sendBytesHighWater();

        /** Sessions closed because the container's send budget was exceeded, so far. */
        long sendBudgetEvictions();

        /** Open sessions holding more than {@code bytes} unsent. */
        int sessionsHoldingOver(long bytes);

        /** Threads of the callback pool, running or idle. */
        int callbackThreads();

        /** Threads of the callback pool running a callback now. */
        int callbackThreadsBusy();

        /** Callbacks waiting for a thread. */
        int callbackTasksQueued();

        /** A container with nothing queued and no threads: for meters read outside a running container. */
        Sources IDLE = new Sources() {
            @Override
            public long sendBytesHeld() {
                return 0;
            }

            @Override
            public long sendBytesHighWater() {
                return 0;
            }

            @Override
            public long sendBudgetEvictions() {
                return 0;
            }

            @Override
            public int sessionsHoldingOver(long bytes) {
                return 0;
            }

            @Override
            public int callbackThreads() {
                return 0;
            }

            @Override
            public int callbackThreadsBusy() {
                return 0;
            }

            @Override
            public int callbackTasksQueued() {
                return 0;
            }
        };
    }

    /** Numbers client containers of this class loader in the order they publish, from 1. */
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final boolean enabled;
    private final Sources sources;
    private final HandshakeMeters handshakes;
    private final ConcurrentHashMap<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();
    private final List<Consumer<EndpointMeters>> endpointListeners = new CopyOnWriteArrayList<>();
    private final List<Counter> counters = new CopyOnWriteArrayList<>();
    private final List<Consumer<Counter>> counterListeners = new CopyOnWriteArrayList<>();
    private volatile String context = "";
    private volatile String host = "";
    /** The client container's number, or 0 for a server container. */
    private volatile int client;
    private volatile JmxRegistration jmx;

    /** @param enabled false makes every recording call a no-op and publishes nothing */
    public ContainerMeters(boolean enabled, Sources sources) {
        this.enabled = enabled;
        this.sources = sources;
        this.handshakes = new HandshakeMeters(enabled);
    }

    /** Whether meters are recorded (init parameter {@code dev.wharf.metrics}). */
    public boolean enabled() {
        return enabled;
    }

    /** The meters of the endpoint at {@code path} (its template), created on first use; {@link EndpointMeters#OFF} if disabled. */
    public EndpointMeters endpoint(String path) {
        if (!enabled) {
            return EndpointMeters.OFF;
        }
        EndpointMeters meters = endpoints.get(path);
        if (meters != null) {
            return meters;
        }
        boolean[] created = {false};
        meters = endpoints.computeIfAbsent(path, p -> {
            created[0] = true;
            return new EndpointMeters(p, true);
        });
        if (created[0]) {
            for (Consumer<EndpointMeters> listener : endpointListeners) {
                listener.accept(meters);
            }
        }
        return meters;
    }

    /** The endpoints that had meters so far. */
    public Collection<EndpointMeters> endpoints() {
        return List.copyOf(endpoints.values());
    }

    /** Called with every endpoint's meters when they are created, after those that exist now. */
    void onEndpoint(Consumer<EndpointMeters> listener) {
        endpointListeners.add(listener);
        for (EndpointMeters existing : new ArrayList<>(endpoints.values())) {
            listener.accept(existing);
        }
    }

    void removeEndpointListener(Consumer<EndpointMeters> listener) {
        endpointListeners.remove(listener);
    }

    /**
     * A counter that another part of Wharf keeps and publishes with this container's meters: rooms' dropped slow
     * members, a broker's undelivered broadcasts. Published to JMX (the container's {@code Counters}) and to
     * Micrometer as {@code websocket.<name>} with the container's tags.
     *
     * @param name dot-separated, lower case, e.g. {@code rooms.members.dropped}
     * @param unit Micrometer's base unit, e.g. {@code messages}
     * @param value read when the counter is read, never on the hot path; it must only grow
     */
    public record Counter(String name, String unit, String description, LongSupplier value) {
    }

    /** Publishes {@code counter} with this container's meters (nothing when metrics are off). */
    public void publishCounter(Counter counter) {
        if (!enabled) {
            return;
        }
        counters.add(counter);
        for (Consumer<Counter> listener : counterListeners) {
            listener.accept(counter);
        }
    }

    /** The counters published with {@link #publishCounter}. */
    public List<Counter> counters() {
        return List.copyOf(counters);
    }

    /** Called with every published counter, after those that exist now. */
    void onCounter(Consumer<Counter> listener) {
        counterListeners.add(listener);
        for (Counter existing : List.copyOf(counters)) {
            listener.accept(existing);
        }
    }

    void removeCounterListener(Consumer<Counter> listener) {
        counterListeners.remove(listener);
    }

    public HandshakeMeters handshakes() {
        return handshakes;
    }

    // ---- publication ---------------------------------------------------------------------------------------

    /**
     * Names the container and publishes it: its MBeans in the platform MBean server, and to every Micrometer binder
     * (now and later). Does nothing when metrics are off.
     *
     * @param context the web application's context path ("" for the root)
     * @param host the servlet container's virtual server name, for the {@code host} tag
     */
    public void publish(String context, String host) {
        if (!enabled) {
            return;
        }
        this.context = context == null ? "" : context;
        this.host = host == null ? "" : host;
        this.jmx = JmxRegistration.register(this);
        PublishedContainers.add(this);
    }

    /**
     * Publishes a client container's meters (its sessions' endpoints are the endpoint classes): JMX
     * {@code dev.wharf:type=WebSocketClientContainer,client=<n>}, Micrometer {@code websocket.client.*} with tag
     * {@code client=<n>}, n numbering the client containers of this class loader from 1. Nothing when metrics are
     * off.
     */
    public void publishClient() {
        if (!enabled) {
            return;
        }
        this.client = CLIENTS.incrementAndGet();
        this.jmx = JmxRegistration.register(this);
        PublishedContainers.add(this);
    }

    /** Whether these are a client container's meters ({@link #publishClient}). */
    public boolean isClient() {
        return client != 0;
    }

    /** The client container's number ({@link #publishClient}); 0 for a server container. */
    public int clientNumber() {
        return client;
    }

    /** Withdraws what {@link #publish} or {@link #publishClient} published; the figures stay readable. */
    public void unpublish() {
        PublishedContainers.remove(this);
        JmxRegistration registration = jmx;
        jmx = null;
        if (registration != null) {
            registration.unregister();
        }
    }

    /** The context path it was published with; "" for the root or before publication. */
    public String context() {
        return context;
    }

    /** The virtual server name it was published with. */
    public String host() {
        return host;
    }

    // ---- container-wide figures ----------------------------------------------------------------------------

    /** Sessions open now, all endpoints together. */
    public long sessionsOpen() {
        long open = 0;
        for (EndpointMeters e : endpoints.values()) {
            open += e.sessionsOpen();
        }
        return open;
    }

    /** Bytes held for all peers now: queued, batched and being written. */
    public long sendQueueBytes() {
        return sources.sendBytesHeld();
    }

    /** The most bytes held for all peers at once since the container started. */
    public long sendQueueBytesHighWater() {
        return sources.sendBytesHighWater();
    }

    /** Open sessions holding more than {@link #BEHIND_BYTES} unsent: peers that do not keep up. */
    public int sessionsBehind() {
        return sources.sessionsHoldingOver(BEHIND_BYTES);
    }

    /** Sessions closed because the container held more than its send budget for its peers. */
    public long sendBudgetEvictions() {
        return sources.sendBudgetEvictions();
    }

    public int callbackThreads() {
        return sources.callbackThreads();
    }

    public int callbackThreadsBusy() {
        return sources.callbackThreadsBusy();
    }

    public int callbackTasksQueued() {
        return sources.callbackTasksQueued();
    }
}
