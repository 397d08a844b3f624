package dev.wharf.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens Lettuce connections for one {@link RedisSettings}: finds out what the URL names ({@link #topology}: a server,
 * Sentinel's primary, or a cluster's primaries) and connects to its nodes with the settings' password and TLS trust.
 * Every client made here shares one {@link ClientResources}, so a server holds {@code ioThreads} network threads
 * whatever the number of rooms, nodes and connections; {@link #close} ends them all.
 */
final class RedisConnector implements AutoCloseable {

    /** A command Redis has not answered within this fails (and a broadcast is counted as not delivered). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final RedisSettings settings;
    private final RedisURI seed;
    private final ClientResources resources;

    RedisConnector(RedisSettings settings) {
        this.settings = settings;
        this.seed = seedUri(settings);
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(settings.ioThreads())
                .computationThreadPoolSize(2)
                .reconnectDelay(() -> Delay.exponential(settings.reconnectDelayMin(), settings.reconnectDelayMax(),
                        2, TimeUnit.MILLISECONDS))
                .build();
    }

    private static RedisURI seedUri(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(COMMAND_TIMEOUT);
        if (settings.password() != null) {
            String userInfo = settings.url().getUserInfo();
            String user = userInfo == null || userInfo.startsWith(":") ? null : userInfo.split(":", 2)[0];
            uri.setCredentialsProvider(new StaticCredentialsProvider(user, settings.password().toCharArray()));
        }
        return uri;
    }

    RedisSettings settings() {
        return settings;
    }

    /**
     * What carries room channels: the one node of the URL for plain pub/sub, a single server or Sentinel's primary;
     * the primaries of a cluster (from {@code CLUSTER SLOTS}) for sharded pub/sub. Asks {@code INFO cluster} unless
     * the mode is plain. Blocks up to the command timeout; throws if Redis cannot be reached.
     */
    Topology topology() {
        if (settings.mode() == RedisSettings.Mode.PLAIN) {
            return Topology.single(seed, false);
        }
        return probe(c -> topology(c, seed, settings.mode() == RedisSettings.Mode.SHARDED));
    }

    /** Whether the URL names a node of a cluster, whatever the mode; blocks up to the command timeout. */
    boolean cluster() {
        return probe(c -> c.info("cluster").contains("cluster_enabled:1"));
    }

    private <T> T probe(java.util.function.Function<RedisCommands<String, String>, T> question) {
        RedisClient probe = client(false, 16);
        try (StatefulRedisConnection<String, String> c = probe.connect(seed)) {
            return question.apply(c.sync());
        } finally {
            probe.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        }
    }

    /**
     * The topology as seen by the node at {@code asked}, behind {@code commands}; blocks up to the command timeout.
     * A server that is not a cluster carries every channel on the URL's node.
     */
    Topology topology(RedisCommands<?, ?> commands, RedisURI asked, boolean forceSharded) {
        if (!commands.info("cluster").contains("cluster_enabled:1")) {
            return Topology.single(seed, forceSharded);
        }
        return Topology.cluster(commands.clusterSlots(), asked.getHost(), this::node);
    }

    /** A cluster node's address as Redis reports it, with the seed's password, TLS and timeout. */
    private RedisURI node(String host, int port) {
        RedisURI node = RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withSsl(seed)
                .withAuthentication(seed)
                .withTimeout(COMMAND_TIMEOUT)
                .build();
        return node;
    }

    /**
     * A client whose connections reconnect by themselves with the configured backoff and, while disconnected,
     * fail commands at once instead of queueing them ({@code queueLimit} bounds the commands awaiting a reply).
     * Its connections go where they are told ({@link #connect}); none is opened here.
     */
    RedisClient client(int queueLimit) {
        return client(true, queueLimit);
    }

    private RedisClient client(boolean reconnect, int queueLimit) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options(reconnect, queueLimit));
        return client;
    }

    /** A connection to {@code node} for commands (publish, attachments); blocks until connected, throws if it cannot. */
    static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client, RedisURI node) {
        return client.connect(ByteArrayCodec.INSTANCE, node);
    }

    /** A pub/sub connection to {@code node}; blocks until connected, throws if it cannot. */
    static StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub(RedisClient client, RedisURI node) {
        return client.connectPubSub(ByteArrayCodec.INSTANCE, node);
    }

    /** The URL's node with the settings' password: for the attachment store on a server that is not a cluster. */
    RedisURI seed() {
        return seed;
    }

    private ClientOptions options(boolean reconnect, int queueLimit) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(reconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(queueLimit)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT));
        if (settings.tlsTrustedCertificates() != null) {
            b.sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(settings.tlsTrustedCertificates().toFile()).build());
        }
        return b.build();
    }

    /**
     * Options for a cluster client (the attachment store on a cluster), with the same limits and TLS trust. Unlike
     * the broker's connections, commands wait (up to the command timeout) for a node's connection to come up: the
     * cluster client opens a node's connection when a key first needs it, and rejecting would fail that first
     * command.
     */
    ClusterClientOptions clusterOptions(int queueLimit) {
        ClientOptions base = options(true, queueLimit);
        return ClusterClientOptions.builder(base)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
                .build();
    }

    ClientResources resources() {
        return resources;
    }

    @Override
    public void close() {
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

}
