package dev.wharf.redis;

import dev.wharf.rooms.RoomBroker;
import dev.wharf.rooms.RoomMessage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Room broadcasts shared between servers through Redis pub/sub: each broadcast is published once on its room's
 * channel ({@code channelPrefix + room}), and every server subscribed to that channel hands it to its own members.
 * Sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}) on a (one-shard) Redis cluster, plain pub/sub otherwise.
 *
 * <p>Delivery is at most once, as Redis pub/sub is: a broadcast published while a server is disconnected from Redis
 * never reaches that server. Publishing never blocks: a broadcast that cannot be handed to Redis at once (Redis
 * unreachable, {@code maxPendingPublishes} unacknowledged) or that Redis does not acknowledge is counted in
 * {@link #notDelivered()} and logged, at most one line per 10 s.
 *
 * <p>Threads: the Redis client's {@code ioThreads} network threads, two computation threads and one timer thread
 * (Lettuce's), and one thread of its own that connects, retries the first connection with backoff and resubscribes
 * after a reconnection. Later reconnections are the client's own, with the same backoff. {@link #close} ends them all.
 */
public final class RedisRoomBroker implements RoomBroker {

    private static final System.Logger LOG = System.getLogger(RedisRoomBroker.class.getName());

    private final RedisSettings settings;
    private final RedisConnector connector;
    private final byte[] serverId = Envelope.newServerId();
    private final byte[] channelPrefix;
    private final NotDeliveredLog notDelivered;
    private final RoomSubscriptions subscriptions = new RoomSubscriptions(new SubscriptionCommands());
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService connecting;
    private volatile Link link;
    private volatile RemoteDelivery delivery;
    private volatile boolean closed;

    /** The connections of one successful start; replaced never, closed with the broker. */
    private record Link(boolean sharded, RedisClient publisherClient, StatefulRedisConnection<byte[], byte[]> publisher,
                        RedisClient subscriberClient, StatefulRedisPubSubConnection<byte[], byte[]> subscriber) {
    }

    private RedisRoomBroker(RedisSettings settings) {
        this.settings = settings;
        this.connector = new RedisConnector(settings);
        this.channelPrefix = settings.channelPrefix().getBytes(StandardCharsets.UTF_8);
        this.notDelivered = new NotDeliveredLog(settings.redactedUrl());
        this.connecting = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-redis-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A broker on the Redis of {@code settings}. With {@link RedisSettings.WhenUnreachable#FAIL_START} this connects
     * before returning and throws {@link IllegalStateException} if Redis cannot be reached; otherwise it returns at
     * once and connects in the background, retrying with backoff.
     */
    public static RedisRoomBroker create(RedisSettings settings) {
        RedisRoomBroker broker = new RedisRoomBroker(settings);
        if (settings.whenUnreachable() == RedisSettings.WhenUnreachable.FAIL_START) {
            try {
                broker.connectOnce();
            } catch (RuntimeException e) {
                broker.close();
                throw new IllegalStateException("Redis at " + settings.redactedUrl() + " cannot be reached and "
                        + RedisSettings.PREFIX + "whenUnreachable is fail-start: " + e, e);
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
        Link l = link;
        if (l == null || closed) {
            notDelivered.record(room, null);
            return;
        }
        if (pending.incrementAndGet() > settings.maxPendingPublishes()) {
            pending.decrementAndGet();
            notDelivered.record(room, new IllegalStateException(settings.maxPendingPublishes()
                    + " broadcasts already await Redis's acknowledgement (" + RedisSettings.PREFIX
                    + "maxPendingPublishes)"));
            return;
        }
        byte[] channel = channel(room);
        byte[] envelope = Envelope.encode(serverId, message);
        RedisFuture<Long> sent;
        try {
            sent = l.sharded() ? l.publisher().async().spublish(channel, envelope)
                    : l.publisher().async().publish(channel, envelope);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            notDelivered.record(room, e);
            return;
        }
        sent.whenComplete((receivers, failure) -> {
            pending.decrementAndGet();
            if (failure != null) {
                notDelivered.record(room, failure);
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
        Link l = link;
        if (l != null) {
            l.subscriber().close();
            l.publisher().close();
            l.subscriberClient().shutdown(0, 0, TimeUnit.MILLISECONDS);
            l.publisherClient().shutdown(0, 0, TimeUnit.MILLISECONDS);
        }
        connector.close();
    }

    /** Whether both of the broker's connections to Redis are up now (for health checks). */
    public boolean connected() {
        Link l = link;
        return l != null && l.subscriber().isOpen() && l.publisher().isOpen();
    }

    /** Whether broadcasts go through sharded pub/sub; null before the first connection. */
    Boolean sharded() {
        Link l = link;
        return l == null ? null : l.sharded();
    }

    private void connect(long delayMillis) {
        if (closed) {
            return;
        }
        try {
            connectOnce();
            LOG.log(Level.INFO, "Room broadcasts go through Redis at {0} ({1} pub/sub)", settings.redactedUrl(),
                    link.sharded() ? "sharded" : "plain");
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

    private void connectOnce() {
        boolean sharded = connector.sharded();
        RedisClient publisherClient = connector.client(settings.maxPendingPublishes() + 16);
        // the subscriber's queue holds (un)subscribe commands awaiting Redis's reply, one per room changing
        RedisClient subscriberClient = connector.client(1 << 20);
        try {
            StatefulRedisConnection<byte[], byte[]> publisher = RedisConnector.connect(publisherClient);
            StatefulRedisPubSubConnection<byte[], byte[]> subscriber = RedisConnector.connectPubSub(subscriberClient);
            subscriber.addListener(new Listener());
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
            link = new Link(sharded, publisherClient, publisher, subscriberClient, subscriber);
        } catch (RuntimeException e) {
            subscriberClient.shutdown(0, 0, TimeUnit.MILLISECONDS);
            publisherClient.shutdown(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        subscriptions.resync();
    }

    private byte[] channel(String room) {
        byte[] name = room.getBytes(StandardCharsets.UTF_8);
        byte[] channel = new byte[channelPrefix.length + name.length];
        System.arraycopy(channelPrefix, 0, channel, 0, channelPrefix.length);
        System.arraycopy(name, 0, channel, channelPrefix.length, name.length);
        return channel;
    }

    /** The room of {@code channel}, or null if it is not one of this broker's channels. */
    private String room(byte[] channel) {
        if (channel.length < channelPrefix.length
                || !java.util.Arrays.equals(channel, 0, channelPrefix.length, channelPrefix, 0, channelPrefix.length)) {
            return null;
        }
        return new String(channel, channelPrefix.length, channel.length - channelPrefix.length, StandardCharsets.UTF_8);
    }

    private void received(byte[] channel, byte[] bytes) {
        String room = room(channel);
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
            confirmed(channel, false);
        }

        private void confirmed(byte[] channel, boolean subscribed) {
            String room = room(channel);
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

    /** (Un)subscribes on the current subscriber connection; while there is none, the next resync does it. */
    private final class SubscriptionCommands implements RoomSubscriptions.Commands {
        @Override
        public void subscribe(String room) {
            Link l = link;
            if (l == null || closed) {
                return;
            }
            try {
                if (l.sharded()) {
                    l.subscriber().async().ssubscribe(channel(room));
                } else {
                    l.subscriber().async().subscribe(channel(room));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "SUBSCRIBE for room {0} not sent: {1}", room, e);
            }
        }

        @Override
        public void unsubscribe(String room) {
            Link l = link;
            if (l == null || closed) {
                return;
            }
            try {
                if (l.sharded()) {
                    l.subscriber().async().sunsubscribe(channel(room));
                } else {
                    l.subscriber().async().unsubscribe(channel(room));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "UNSUBSCRIBE for room {0} not sent: {1}", room, e);
            }
        }
    }
}
