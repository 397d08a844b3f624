package dev.wharf.redis;

import dev.wharf.rooms.RoomBroker;
import dev.wharf.rooms.RoomMessage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Room broadcasts shared between servers through Redis pub/sub: each broadcast is published once on its room's
 * channel ({@code channelPrefix + room}), and every server subscribed to that channel hands it to its own members.
 * Sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}) on a Redis cluster, each channel on the primary of the shard
 * owning its slot; plain pub/sub otherwise (a single server, Sentinel's primary).
 *
 * <p>Delivery is at most once, as Redis pub/sub is: a broadcast published while a server is disconnected from Redis
 * never reaches that server. Publishing never blocks: a broadcast that cannot be handed to Redis at once (its node
 * unreachable, {@code maxPendingPublishes} unacknowledged, its slot moved) or that Redis does not acknowledge is
 * counted in {@link #notDelivered()} and logged, at most one line per 10 s. A sender's broadcasts to a room stay in
 * order: they are written one after another on the one publishing connection to the room's node
 * ({@link NodeConnections}), and one refused by Redis is not sent again behind later ones.
 *
 * <p>Threads: the Redis client's {@code ioThreads} network threads, two computation threads and one timer thread
 * (Lettuce's), and one thread of its own that connects, retries the first connection with backoff, follows a
 * cluster's topology and resubscribes after a reconnection. Later reconnections are the client's own, with the same
 * backoff. {@link #close} ends them all.
 */
public final class RedisRoomBroker implements RoomBroker {

    private static final System.Logger LOG = System.getLogger(RedisRoomBroker.class.getName());

    /** How often a cluster's slots are asked again (a failover or resharding may also be noticed sooner: MOVED). */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    private final RedisSettings settings;
    private final RedisConnector connector;
    private final byte[] serverId = Envelope.newServerId();
    private final RoomChannels channels;
    private final NotDeliveredLog notDelivered;
    private final RoomSubscriptions subscriptions = new RoomSubscriptions(new SubscriptionCommands());
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ScheduledExecutorService connecting;
    private volatile NodeConnections connections;
    private volatile RemoteDelivery delivery;
    private volatile boolean closed;

    private RedisRoomBroker(RedisSettings settings) {
        this.settings = settings;
        this.connector = new RedisConnector(settings);
        this.channels = new RoomChannels(settings.channelPrefix());
        this.notDelivered = new NotDeliveredLog(settings.redactedUrl());
        this.connecting = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-redis-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A broker on the Redis of {@code settings}. With {@link RedisSettings.WhenUnreachable#FAIL_START} this connects
     * before returning and throws {@link IllegalStateException} if Redis (every primary, on a cluster) cannot be
     * reached; otherwise it returns at once and connects in the background, retrying with backoff.
     */
    public static RedisRoomBroker create(RedisSettings settings) {
        RedisRoomBroker broker = new RedisRoomBroker(settings);
        if (settings.whenUnreachable() == RedisSettings.WhenUnreachable.FAIL_START) {
            try {
                Future<?> first = broker.connecting.submit(() -> broker.connectOnce(true));
                first.get();
            } catch (ExecutionException | InterruptedException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                broker.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Redis at " + settings.redactedUrl() + " cannot be reached and "
                        + RedisSettings.PREFIX + "whenUnreachable is fail-start: " + RedisFailures.why(cause), cause);
            }
        } else {
            broker.connecting.execute(() -> broker.connect(settings.reconnectDelayMin().toMillis()));
        }
        return broker;
    }

    @Override
    public void start(RemoteDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void subscribe(String room) {
        subscriptions.add(room);
    }

    @Override
    public void unsubscribe(String room) {
        subscriptions.remove(room);
    }

    @Override
    public void publish(String room, RoomMessage message) {
        NodeConnections c = connections;
        NodeConnections.Snapshot now = c == null ? null : c.current();
        if (now == null || closed) {
            notDelivered.record(room, null);
            return;
        }
        byte[] channel = channels.channel(room);
        NodeConnections.Node node = now.forChannel(channel);
        if (node == null) {
            notDelivered.record(room, new IllegalStateException("the Redis node of its channel is not connected"));
            refreshSoon();
            return;
        }
        if (pending.incrementAndGet() > settings.maxPendingPublishes()) {
            pending.decrementAndGet();
            notDelivered.record(room, new IllegalStateException(settings.maxPendingPublishes()
                    + " broadcasts already await Redis's acknowledgement (" + RedisSettings.PREFIX
                    + "maxPendingPublishes)"));
            return;
        }
        byte[] envelope = Envelope.encode(serverId, message);
        RedisFuture<Long> sent;
        try {
            sent = now.topology().sharded() ? node.publisher().async().spublish(channel, envelope)
                    : node.publisher().async().publish(channel, envelope);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            notDelivered.record(room, e);
            return;
        }
        sent.whenComplete((receivers, failure) -> {
            pending.decrementAndGet();
            if (failure != null) {
                notDelivered.record(room, failure);
                if (RedisFailures.movedOrDown(failure)) {
                    refreshSoon();
                }
            }
        });
    }

    @Override
    public long notDelivered() {
        return notDelivered.total();
    }

    @Override
    public void close() {
        closed = true;
        connecting.shutdownNow();
        try {
            connecting.awaitTermination(RedisConnector.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NodeConnections c = connections;
        if (c != null) {
            c.close();
        }
        connector.close();
    }

    /** Whether the broker's connections to Redis (to every primary, on a cluster) are up now (for health checks). */
    public boolean connected() {
        NodeConnections c = connections;
        NodeConnections.Snapshot now = c == null ? null : c.current();
        return now != null && now.allOpen();
    }

    /** Whether broadcasts go through sharded pub/sub; null before the first connection. */
    Boolean sharded() {
        NodeConnections c = connections;
        NodeConnections.Snapshot now = c == null ? null : c.current();
        return now == null ? null : now.topology().sharded();
    }

    /** The nodes broadcasts go to now; null before the first connection. */
    Topology topology() {
        NodeConnections c = connections;
        NodeConnections.Snapshot now = c == null ? null : c.current();
        return now == null ? null : now.topology();
    }

    private void connect(long delayMillis) {
        if (closed) {
            return;
        }
        try {
            connectOnce(false);
            LOG.log(Level.INFO, "Room broadcasts go through Redis at {0} ({1} pub/sub, {2})", settings.redactedUrl(),
                    topology().sharded() ? "sharded" : "plain", topology());
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            LOG.log(Level.WARNING, "Redis at {0} cannot be reached ({1}); room broadcasts stay on this server, "
                    + "next attempt in {2} ms", settings.redactedUrl(), e.toString(), delayMillis);
            long next = Math.min(delayMillis * 2, settings.reconnectDelayMax().toMillis());
            try {
                connecting.schedule(() -> connect(next), delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    /** On the connecting thread: finds the topology and connects to its nodes; throws if none can be reached. */
    private void connectOnce(boolean everyNode) {
        Topology topology = connector.topology();
        // the publisher's queue holds the broadcasts awaiting Redis's acknowledgement on one node
        RedisClient publisherClient = connector.client(settings.maxPendingPublishes() + 16);
        // the subscriber's queue holds (un)subscribe commands awaiting Redis's reply, one per room changing
        RedisClient subscriberClient = connector.client(1 << 20);
        subscriberClient.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
                try {
                    connecting.execute(subscriptions::resync);
                } catch (RejectedExecutionException closing) {
                    // closed meanwhile
                }
            }
        });
        NodeConnections c = new NodeConnections(publisherClient, subscriberClient, new Listener());
        int unreachable = c.apply(topology);
        if (unreachable == topology.nodes().size() || (everyNode && unreachable > 0)) {
            c.close();
            throw new IllegalStateException(unreachable + " of " + topology.nodes().size()
                    + " Redis node(s) cannot be reached (" + topology + ")");
        }
        connections = c;
        subscriptions.resync();
        if (topology.cluster()) {
            // a cluster's slots move and its primaries fail over
            connecting.scheduleWithFixedDelay(this::refresh, TOPOLOGY_REFRESH.toMillis(), TOPOLOGY_REFRESH.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Asks for the topology again soon, once however many broadcasts ran into a moved slot meanwhile. */
    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                connecting.schedule(this::refresh, settings.reconnectDelayMin().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    /**
     * On the connecting thread: asks a connected node for the cluster's slots; when they changed, connects to new
     * primaries, drops old ones and resubscribes every room with members to its slot's node now. Also retries the
     * nodes that could not be reached before.
     */
    private void refresh() {
        refreshQueued.set(false);
        NodeConnections c = connections;
        NodeConnections.Snapshot now = c == null ? null : c.current();
        if (closed || now == null || !now.topology().cluster()) {
            return;
        }
        for (RedisURI uri : now.topology().nodes()) {
            NodeConnections.Node node = now.nodes().get(Topology.key(uri));
            if (node == null || !node.publisher().isOpen()) {
                continue;
            }
            Topology next;
            try {
                next = connector.topology(node.publisher().sync(), uri, true);
            } catch (RuntimeException e) {
                continue;
            }
            if (!next.sameAs(now.topology()) || now.nodes().size() < now.topology().nodes().size()) {
                c.apply(next);
                LOG.log(Level.INFO, "Redis cluster at {0} is now {1}", settings.redactedUrl(), next);
                subscriptions.resync();
            }
            return;
        }
    }

    private void received(byte[] channel, byte[] bytes) {
        String room = channels.room(channel);
        RemoteDelivery to = delivery;
        if (room == null || to == null || Envelope.sentBy(serverId, bytes) || !subscriptions.wanted(room)) {
            return;
        }
        RoomMessage message = Envelope.decode(bytes);
        if (message == null) {
            LOG.log(Level.DEBUG, "Dropped a message on {0} that is not a Wharf broadcast", room);
            return;
        }
        try {
            to.deliver(room, message);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Delivering a broadcast from another server to room '" + room + "' failed", e);
        }
    }

    /** Redis's messages and subscription confirmations, on a Redis client network thread. */
    private final class Listener extends RedisPubSubAdapter<byte[], byte[]> {
        @Override
        public void message(byte[] channel, byte[] message) {
            received(channel, message);
        }

        @Override
        public void smessage(byte[] channel, byte[] message) {
            received(channel, message);
        }

        @Override
        public void subscribed(byte[] channel, long count) {
            confirmed(channel, true);
        }

        @Override
        public void ssubscribed(byte[] channel, long count) {
            confirmed(channel, true);
        }

        @Override
        public void unsubscribed(byte[] channel, long count) {
            confirmed(channel, false);
        }

        @Override
        public void sunsubscribed(byte[] channel, long count) {
            String room = channels.room(channel);
            if (room != null && subscriptions.wanted(room)) {
                // not asked for: Redis drops a shard channel's subscribers when its slot moves to another primary
                refreshSoon();
            }
            confirmed(channel, false);
        }

        private void confirmed(byte[] channel, boolean subscribed) {
            String room = channels.room(channel);
            if (room == null || closed) {
                return;
            }
            if (subscribed) {
                subscriptions.confirmedSubscribed(room);
            } else {
                subscriptions.confirmedUnsubscribed(room);
            }
        }
    }

    /**
     * (Un)subscribes on the subscribing connection to the room's node; while there is none, the next resync does it.
     * A node answering that the slot moved gets the topology asked again, and the resync after it subscribes there.
     */
    private final class SubscriptionCommands implements RoomSubscriptions.Commands {
        @Override
        public void subscribe(String room) {
            send(room, true);
        }

        @Override
        public void unsubscribe(String room) {
            send(room, false);
        }

        private void send(String room, boolean subscribe) {
            NodeConnections c = connections;
            NodeConnections.Snapshot now = c == null ? null : c.current();
            if (now == null || closed) {
                return;
            }
            byte[] channel = channels.channel(room);
            NodeConnections.Node node = now.forChannel(channel);
            if (node == null) {
                return;
            }
            try {
                var commands = node.subscriber().async();
                RedisFuture<Void> sent = now.topology().sharded()
                        ? (subscribe ? commands.ssubscribe(channel) : commands.sunsubscribe(channel))
                        : (subscribe ? commands.subscribe(channel) : commands.unsubscribe(channel));
                sent.whenComplete((ok, failure) -> {
                    if (failure != null && RedisFailures.movedOrDown(failure)) {
                        refreshSoon();
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "(UN)SUBSCRIBE for room {0} not sent: {1}", room, e);
            }
        }
    }
}
