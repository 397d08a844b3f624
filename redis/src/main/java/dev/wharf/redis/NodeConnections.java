package dev.wharf.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The broker's connections to the nodes of a {@link Topology}: for each node, one connection that publishes and one
 * that subscribes. One publishing connection per node, never a pool, is what keeps a sender's broadcasts in order:
 * Redis handles the commands of one connection in the order they were written, and a sender's broadcasts to a room
 * are written one after another on the one connection of the room's node.
 *
 * <p>{@link #apply} and {@link #close} run on the broker's connecting thread only; {@link #current} may be read on
 * any thread and is an immutable snapshot.
 */
final class NodeConnections implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeConnections.class.getName());

    /** One node's two connections. */
    record Node(String key, StatefulRedisConnection<byte[], byte[]> publisher,
                StatefulRedisPubSubConnection<byte[], byte[]> subscriber) {
        boolean open() {
            return publisher.isOpen() && subscriber.isOpen();
        }

        void close() {
            subscriber.close();
            publisher.close();
        }
    }

    /**
     * A topology and the connections opened to its nodes (a node that could not be reached has none yet);
     * {@code byIndex} holds them in the order of the topology's nodes, for a lookup without allocation per broadcast.
     */
    record Snapshot(Topology topology, Map<String, Node> nodes, Node[] byIndex) {
        /** The node that carries {@code channel}, or null when its node is unknown or not connected yet. */
        Node forChannel(byte[] channel) {
            int i = topology.indexFor(channel);
            return i < 0 ? null : byIndex[i];
        }

        /** Every node of the topology connected now. */
        boolean allOpen() {
            return nodes.size() == topology.nodes().size() && nodes.values().stream().allMatch(Node::open);
        }
    }

    private final RedisClient publisherClient;
    private final RedisClient subscriberClient;
    private final RedisPubSubListener<byte[], byte[]> listener;
    private volatile Snapshot current;

    NodeConnections(RedisClient publisherClient, RedisClient subscriberClient,
                    RedisPubSubListener<byte[], byte[]> listener) {
        this.publisherClient = publisherClient;
        this.subscriberClient = subscriberClient;
        this.listener = listener;
    }

    /** The connections now; null before the first {@link #apply}. */
    Snapshot current() {
        return current;
    }

    /**
     * Makes {@code topology} current: keeps the connections to nodes it still has, opens connections to its new
     * nodes (blocking, up to the command timeout each) and closes those to nodes it no longer has. A node that cannot
     * be reached is left without connections (its rooms' broadcasts are counted as not delivered) and the number of
     * such nodes is returned, for the caller to try again later.
     */
    int apply(Topology topology) {
        Snapshot before = current;
        Map<String, Node> kept = new HashMap<>();
        Node[] byIndex = new Node[topology.nodes().size()];
        int unreachable = 0;
        for (int i = 0; i < byIndex.length; i++) {
            RedisURI uri = topology.nodes().get(i);
            String key = Topology.key(uri);
            Node node = before == null ? null : before.nodes().get(key);
            if (node == null) {
                node = open(key, uri);
            }
            if (node == null) {
                unreachable++;
            } else {
                kept.put(key, node);
                byIndex[i] = node;
            }
        }
        current = new Snapshot(topology, Map.copyOf(kept), byIndex);
        if (before != null) {
            before.nodes().forEach((key, node) -> {
                if (!kept.containsKey(key)) {
                    node.close();
                }
            });
        }
        return unreachable;
    }

    private Node open(String key, RedisURI uri) {
        StatefulRedisConnection<byte[], byte[]> publisher = null;
        try {
            publisher = RedisConnector.connect(publisherClient, uri);
            StatefulRedisPubSubConnection<byte[], byte[]> subscriber = RedisConnector.connectPubSub(subscriberClient, uri);
            subscriber.addListener(listener);
            return new Node(key, publisher, subscriber);
        } catch (RuntimeException e) {
            if (publisher != null) {
                publisher.close();
            }
            LOG.log(Level.WARNING, "Redis node {0} cannot be reached ({1}); broadcasts to its rooms are counted as "
                    + "not delivered until it can", key, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        Snapshot last = current;
        if (last != null) {
            last.nodes().values().forEach(Node::close);
        }
        subscriberClient.shutdown(0, 0, TimeUnit.MILLISECONDS);
        publisherClient.shutdown(0, 0, TimeUnit.MILLISECONDS);
    }
}
