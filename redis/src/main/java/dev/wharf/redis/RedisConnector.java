package dev.wharf.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens Lettuce connections for one {@link RedisSettings}: plain ones to a single server, cluster ones (which route
 * each channel and key to the shard owning its slot) when the server is a cluster. Every client made here shares
 * one {@link ClientResources}, so a server holds {@code ioThreads} network threads whatever the number of rooms and
 * connections; {@link #close} ends them all.
 */
final class RedisConnector implements AutoCloseable {

    /** A command Redis has not answered within this fails (and a broadcast is counted as not delivered). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final RedisSettings settings;
    private final RedisURI uri;
    private final ClientResources resources;

    RedisConnector(RedisSettings settings) {
        this.settings = settings;
        this.uri = RedisURI.create(settings.url());
        uri.setTimeout(COMMAND_TIMEOUT);
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(settings.ioThreads())
                .computationThreadPoolSize(2)
                .reconnectDelay(() -> Delay.exponential(settings.reconnectDelayMin(), settings.reconnectDelayMax(),
                        2, TimeUnit.MILLISECONDS))
                .build();
    }

    RedisSettings settings() {
        return settings;
    }

    /**
     * Whether the server is a cluster (so sharded pub/sub): as configured, or asked with {@code INFO cluster}.
     * Blocks up to the command timeout; throws if Redis cannot be reached.
     */
    boolean sharded() {
        switch (settings.mode()) {
            case PLAIN:
                return false;
            case SHARDED:
                return true;
            default:
                RedisClient probe = RedisClient.create(resources, uri);
                probe.setOptions(options(false, 16));
                try (StatefulRedisConnection<String, String> c = probe.connect()) {
                    return c.sync().info("cluster").contains("cluster_enabled:1");
                } finally {
                    probe.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
                }
        }
    }

    /**
     * A client whose connections reconnect by themselves with the configured backoff and, while disconnected,
     * fail commands at once instead of queueing them ({@code queueLimit} bounds the commands awaiting a reply).
     */
    AbstractRedisClient client(boolean sharded, int queueLimit) {
        if (sharded) {
            RedisClusterClient client = RedisClusterClient.create(resources, uri);
            client.setOptions(ClusterClientOptions.builder(options(true, queueLimit)).build());
            return client;
        }
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options(true, queueLimit));
        return client;
    }

    /** A connection for commands (publish, attachments); blocks until connected, throws if it cannot. */
    static Commands connect(AbstractRedisClient client) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<byte[], byte[]> c = cluster.connect(ByteArrayCodec.INSTANCE);
            return new Commands(c, c.async(), c.sync(), c.sync());
        }
        StatefulRedisConnection<byte[], byte[]> c = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
        return new Commands(c, c.async(), c.sync(), c.sync());
    }

    /** A pub/sub connection; blocks until connected, throws if it cannot. */
    static StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub(AbstractRedisClient client) {
        if (client instanceof RedisClusterClient cluster) {
            var c = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
            // messages of the shard connections reach the listeners added to the cluster connection
            c.setNodeMessagePropagation(true);
            return c;
        }
        return ((RedisClient) client).connectPubSub(ByteArrayCodec.INSTANCE);
    }

    private static ClientOptions options(boolean reconnect, int queueLimit) {
        return ClientOptions.builder()
                .autoReconnect(reconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(queueLimit)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }

    @Override
    public void close() {
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    /** One command connection seen through the interfaces that plain and cluster connections share. */
    record Commands(StatefulConnection<byte[], byte[]> connection,
                    BaseRedisAsyncCommands<byte[], byte[]> async,
                    RedisStringCommands<byte[], byte[]> strings,
                    RedisKeyCommands<byte[], byte[]> keys) {
    }
}
