package dev.wharf.metrics;

import dev.wharf.engine.deflate.DeflateStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Publishes every Wharf container of this class loader to Micrometer: those running when {@link #bindTo} is called
 * and those started later; a container's meters are removed from the registry when it stops. Meters are functions of
 * Wharf's own counters (nothing is recorded twice). Names and tags follow Micrometer's conventions; docs/METRICS.md
 * lists them. The Spring Boot starter binds one automatically when a {@code MeterRegistry} bean exists.
 *
 * <p>Micrometer is an optional dependency of Wharf: this is the only class that needs it.
 */
public final class WharfMeterBinder implements MeterBinder, AutoCloseable {

    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    /** Publishes Wharf's meters to {@code registry}; binding the same registry again does nothing. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (Binding b : bindings) {
            if (b.registry == registry) {
                return;
            }
        }
        Binding binding = new Binding(registry);
        bindings.add(binding);
        binding.start();
    }

    /** Stops following containers and removes every meter this binder registered. */
    @Override
    public synchronized void close() {
        for (Binding b : bindings) {
            b.stop();
        }
        bindings.clear();
    }

    /** One registry's view of the containers. */
    private static final class Binding implements PublishedContainers.Listener {
        private final MeterRegistry registry;
        private final List<Meter> jvmWide = new ArrayList<>();
        private final Map<ContainerMeters, List<Meter>> perContainer = new HashMap<>();
        private final Map<ContainerMeters, Consumer<EndpointMeters>> endpointListeners = new HashMap<>();
        private final Map<ContainerMeters, Consumer<ContainerMeters.Counter>> counterListeners = new HashMap<>();

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        void start() {
            bindDeflate();
            PublishedContainers.listen(this);
        }

        synchronized void stop() {
            PublishedContainers.stopListening(this);
            for (ContainerMeters c : List.copyOf(perContainer.keySet())) {
                withdrawn(c);
            }
            jvmWide.forEach(registry::remove);
            jvmWide.clear();
        }

        @Override
        public synchronized void published(ContainerMeters c) {
            List<Meter> meters = new ArrayList<>();
            perContainer.put(c, meters);
            // Client meters get names of their own, as Micrometer's http.server.* and http.client.* do: a series
            // keeps one set of tags, and a client has no context or host.
            String prefix = c.isClient() ? "websocket.client." : "websocket.";
            Tags tags = c.isClient() ? Tags.of("client", Integer.toString(c.clientNumber()))
                    : Tags.of("context", c.context().isEmpty() ? "/" : c.context(), "host", c.host());
            HandshakeMeters h = c.handshakes();
            meters.add(counter(prefix + "handshakes", h, HandshakeMeters::accepted,
                    tags.and("outcome", "accepted", "status", "101"), null, "handshakes answered"));
            for (int status : HandshakeMeters.countedStatuses()) {
                meters.add(counter(prefix + "handshakes", h, x -> x.refused(status),
                        tags.and("outcome", "refused", "status", Integer.toString(status)), null,
                        "handshakes answered"));
            }
            meters.add(counter(prefix + "handshakes", h, HandshakeMeters::refusedOther,
                    tags.and("outcome", "refused", "status", "other"), null, "handshakes answered"));
            latency(meters, prefix + "handshake.duration", h.durations(), tags,
                    "time accepted handshakes spent in Wharf");
            meters.add(gauge(prefix + "send.queue.bytes", c, ContainerMeters::sendQueueBytes, tags, "bytes",
                    "bytes held for all peers: queued, batched and being written"));
            meters.add(gauge(prefix + "send.queue.bytes.max", c, ContainerMeters::sendQueueBytesHighWater, tags,
                    "bytes", "the most bytes held for all peers at once"));
            meters.add(gauge(prefix + "sessions.behind", c, ContainerMeters::sessionsBehind, tags, "sessions",
                    "sessions holding more than " + ContainerMeters.BEHIND_BYTES + " unsent bytes"));
            meters.add(counter(prefix + "send.budget.evictions", c, ContainerMeters::sendBudgetEvictions, tags,
                    "sessions", "sessions closed because the container's send budget was exceeded"));
            meters.add(gauge(prefix + "callback.threads", c, ContainerMeters::callbackThreads, tags, "threads",
                    "threads of the callback pool"));
            meters.add(gauge(prefix + "callback.threads.busy", c, ContainerMeters::callbackThreadsBusy, tags,
                    "threads", "callback threads running a callback"));
            meters.add(gauge(prefix + "callback.queue", c, ContainerMeters::callbackTasksQueued, tags, "tasks",
                    "callbacks waiting for a thread"));
            Consumer<EndpointMeters> onEndpoint = e -> endpoint(c, prefix, tags, e);
            endpointListeners.put(c, onEndpoint);
            c.onEndpoint(onEndpoint);
            Consumer<ContainerMeters.Counter> onCounter = x -> published(c, prefix, tags, x);
            counterListeners.put(c, onCounter);
            c.onCounter(onCounter);
        }

        private synchronized void published(ContainerMeters c, String prefix, Tags tags, ContainerMeters.Counter x) {
            List<Meter> meters = perContainer.get(c);
            if (meters != null) {
                meters.add(counter(prefix + x.name(), x, y -> y.value().getAsLong(), tags, x.unit(),
                        x.description()));
            }
        }

        private synchronized void endpoint(ContainerMeters c, String prefix, Tags containerTags, EndpointMeters e) {
            List<Meter> meters = perContainer.get(c);
            if (meters == null) {
                return; // withdrawn meanwhile
            }
            Tags tags = containerTags.and("endpoint", e.path());
            meters.add(gauge(prefix + "sessions.open", e, EndpointMeters::sessionsOpen, tags, "sessions",
                    "sessions open now"));
            meters.add(counter(prefix + "sessions.opened", e, EndpointMeters::sessionsOpened, tags, "sessions",
                    "sessions opened"));
            received(meters, prefix, e, tags, "text", EndpointMeters::textMessagesReceived);
            received(meters, prefix, e, tags, "binary", EndpointMeters::binaryMessagesReceived);
            received(meters, prefix, e, tags, "ping", EndpointMeters::pingsReceived);
            received(meters, prefix, e, tags, "pong", EndpointMeters::pongsReceived);
            sent(meters, prefix, e, tags, "text", EndpointMeters::textMessagesSent);
            sent(meters, prefix, e, tags, "binary", EndpointMeters::binaryMessagesSent);
            sent(meters, prefix, e, tags, "ping", EndpointMeters::pingsSent);
            sent(meters, prefix, e, tags, "pong", EndpointMeters::pongsSent);
            meters.add(counter(prefix + "bytes.received", e, EndpointMeters::bytesReceived, tags, "bytes",
                    "bytes read from connections, frame headers included"));
            meters.add(counter(prefix + "bytes.sent", e, EndpointMeters::bytesSent, tags, "bytes",
                    "frame bytes queued for peers, headers included"));
            meters.add(counter(prefix + "sends.blocked", e, EndpointMeters::blockedSends, tags, "sends",
                    "blocking sends that waited for the peer"));
            meters.add(counter(prefix + "sends.timeouts", e, EndpointMeters::sendTimeouts, tags, "sends",
                    "sends that timed out (the session was closed)"));
            meters.add(counter(prefix + "sends.queue.overflows", e, EndpointMeters::sendQueueOverflows, tags,
                    "sends", "sends refused by a full send queue (the session was closed)"));
            meters.add(counter(prefix + "sessions.idle.timeouts", e, EndpointMeters::idleTimeouts, tags,
                    "sessions", "sessions closed for being idle"));
            for (int slot = 0; slot < CloseCodeSlots.COUNT; slot++) {
                int s = slot;
                meters.add(counter(prefix + "closes", e, x -> x.closes(s), tags.and("code",
                        CloseCodeSlots.label(slot)), "sessions", "closes by code on the wire"));
            }
            for (CloseInitiator by : CloseInitiator.values()) {
                meters.add(counter(prefix + "closes.initiated", e, x -> x.closesBy(by), tags.and("by", by.tag()),
                        "sessions", "closes by who started them"));
            }
            latency(meters, prefix + "ping.rtt", e.pingRoundTrips(), tags,
                    "round trip of pings answered by a matching pong");
            latency(meters, prefix + "message.handling", e.handling(), tags,
                    "time the endpoint's handler took per received message");
        }

        /**
         * A distribution the way Micrometer publishes a timer's: {@code name} (count and total time),
         * {@code name.max}, {@code name.percentile} with tag {@code phi}, and {@code name.histogram} with tag
         * {@code le} (seconds; cumulative counts). The max is the longest since the container started (Micrometer's
         * own decays); percentiles are upper bounds of fixed buckets.
         */
        private void latency(List<Meter> meters, String name, LatencyMeter m, Tags tags, String description) {
            meters.add(FunctionTimer.builder(name, m, LatencyMeter::count, LatencyMeter::totalNanos,
                    TimeUnit.NANOSECONDS).tags(tags).description(description).register(registry));
            meters.add(TimeGauge.builder(name + ".max", m, TimeUnit.NANOSECONDS, LatencyMeter::maxNanos).tags(tags)
                    .description(description + ": the longest").strongReference(true).register(registry));
            for (double q : LatencyView.QUANTILES) {
                meters.add(TimeGauge.builder(name + ".percentile", m, TimeUnit.NANOSECONDS,
                                x -> x.percentileNanos(q)).tags(tags.and("phi", LatencyView.decimal(q)))
                        .description(description + ": percentile (bucket upper bound)").strongReference(true)
                        .register(registry));
            }
            long[] bounds = LatencyMeter.bucketBoundsNanos();
            for (int i = 0; i < bounds.length; i++) {
                int bound = i;
                meters.add(counter(name + ".histogram", m, x -> x.countAtOrUnder(bound),
                        tags.and("le", LatencyView.decimal(bounds[i] / 1e9)), null,
                        description + ": how many at or under le seconds"));
            }
        }

        private void received(List<Meter> meters, String prefix, EndpointMeters e, Tags tags, String type,
                              ToDoubleFunction<EndpointMeters> f) {
            meters.add(counter(prefix + "messages.received", e, f, tags.and("type", type), "messages",
                    "messages received (whole messages; control frames one each)"));
        }

        private void sent(List<Meter> meters, String prefix, EndpointMeters e, Tags tags, String type,
                          ToDoubleFunction<EndpointMeters> f) {
            meters.add(counter(prefix + "messages.sent", e, f, tags.and("type", type), "messages",
                    "messages sent (whole messages; control frames one each)"));
        }

        @Override
        public synchronized void withdrawn(ContainerMeters c) {
            Consumer<EndpointMeters> listener = endpointListeners.remove(c);
            if (listener != null) {
                c.removeEndpointListener(listener);
            }
            Consumer<ContainerMeters.Counter> counterListener = counterListeners.remove(c);
            if (counterListener != null) {
                c.removeCounterListener(counterListener);
            }
            List<Meter> meters = perContainer.remove(c);
            if (meters != null) {
                meters.forEach(registry::remove);
            }
        }

        private void bindDeflate() {
            jvmWide.add(counter("websocket.deflate.bytes", this, b -> DeflateStats.sentUncompressedBytes(),
                    Tags.of("direction", "sent", "form", "uncompressed"), "bytes", "permessage-deflate payload bytes"));
            jvmWide.add(counter("websocket.deflate.bytes", this, b -> DeflateStats.sentCompressedBytes(),
                    Tags.of("direction", "sent", "form", "compressed"), "bytes", "permessage-deflate payload bytes"));
            jvmWide.add(counter("websocket.deflate.bytes", this, b -> DeflateStats.receivedCompressedBytes(),
                    Tags.of("direction", "received", "form", "compressed"), "bytes",
                    "permessage-deflate payload bytes"));
            jvmWide.add(counter("websocket.deflate.bytes", this, b -> DeflateStats.receivedInflatedBytes(),
                    Tags.of("direction", "received", "form", "uncompressed"), "bytes",
                    "permessage-deflate payload bytes"));
            jvmWide.add(gauge("websocket.deflate.memory", this, b -> DeflateStats.codecMemoryBytes(), Tags.empty(),
                    "bytes", "zlib memory of compressors and decompressors, in use and pooled (estimate)"));
            jvmWide.add(gauge("websocket.deflate.codecs", this, b -> DeflateStats.deflatersInUse(),
                    Tags.of("kind", "deflater", "state", "in.use"), "codecs", "zlib streams"));
            jvmWide.add(gauge("websocket.deflate.codecs", this, b -> DeflateStats.deflatersIdle(),
                    Tags.of("kind", "deflater", "state", "idle"), "codecs", "zlib streams"));
            jvmWide.add(gauge("websocket.deflate.codecs", this, b -> DeflateStats.inflatersInUse(),
                    Tags.of("kind", "inflater", "state", "in.use"), "codecs", "zlib streams"));
            jvmWide.add(gauge("websocket.deflate.codecs", this, b -> DeflateStats.inflatersIdle(),
                    Tags.of("kind", "inflater", "state", "idle"), "codecs", "zlib streams"));
        }

        private <T> Meter counter(String name, T obj, ToDoubleFunction<T> f, Tags tags, String unit,
                                  String description) {
            return FunctionCounter.builder(name, obj, f).tags(tags).baseUnit(unit).description(description)
                    .register(registry);
        }

        private <T> Meter gauge(String name, T obj, ToDoubleFunction<T> f, Tags tags, String unit,
                                String description) {
            return Gauge.builder(name, obj, f).tags(tags).baseUnit(unit).description(description)
                    .strongReference(true).register(registry);
        }
    }
}
