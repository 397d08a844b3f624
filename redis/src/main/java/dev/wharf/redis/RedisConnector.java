package dev.wharf.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens Lettuce connections for one {@link RedisSettings}, to the one Redis node of its URL. Every client made here shares
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
     * Whether to use sharded pub/sub: as configured, or asked with {@code INFO cluster}. Blocks up to the command
     * timeout; throws if Redis cannot be reached, or if it is a cluster of more than one shard (connections here go
     * to the one node of the URL, which cannot route channels and keys that live on other shards).
     */
    boolean sharded() {
        if (settings.mode() == RedisSettings.Mode.PLAIN) {
            return false;
        }
        RedisClient probe = RedisClient.create(resources, uri);
        probe.setOptions(options(false, 16));
        try (StatefulRedisConnection<String, String> c = probe.connect()) {
            boolean cluster = c.sync().info("cluster").contains("cluster_enabled:1");
            if (cluster && !c.sync().clusterInfo().contains("cluster_size:1\r\n")) {
                throw new IllegalStateException("Redis at " + settings.redactedUrl() + " is a cluster of more than "
                        + "one shard; wharf-redis supports a single server or a one-shard cluster (docs/SCALE-OUT.md)");
            }
            return cluster || settings.mode() == RedisSettings.Mode.SHARDED;
        } finally {
            probe.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        }
    }

    /**
     * A client whose connections reconnect by themselves with the configured backoff and, while disconnected,
     * fail commands at once instead of queueing them ({@code queueLimit} bounds the commands awaiting a reply).
     */
    RedisClient client(int queueLimit) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options(true, queueLimit));
        return client;
    }

    /** A connection for commands (publish, attachments); blocks until connected, throws if it cannot. */
    static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client) {
        return client.connect(ByteArrayCodec.INSTANCE);
    }

    /** A pub/sub connection; blocks until connected, throws if it cannot. */
    static StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub(RedisClient client) {
        return client.connectPubSub(ByteArrayCodec.INSTANCE);
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

}
