package dev.wharf.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which Redis node carries which room channel. A single server (or Sentinel's primary, or plain pub/sub on a
 * cluster, which Redis copies to every node) is one node for every channel. A cluster in sharded mode is one node
 * per shard's primary, each owning the hash slots {@code CLUSTER SLOTS} reports: a channel belongs to the node that
 * owns {@link SlotHash#getSlot its slot}, the only node that accepts its {@code SPUBLISH} and {@code SSUBSCRIBE}.
 * Immutable: a changed cluster is a new topology.
 */
final class Topology {

    private final boolean sharded;
    private final boolean cluster;
    private final List<RedisURI> nodes;
    /** Index into {@link #nodes} of each slot's owner, -1 when no node owns it; null when there is one node. */
    private final short[] owners;

    private Topology(boolean sharded, boolean cluster, List<RedisURI> nodes, short[] owners) {
        this.sharded = sharded;
        this.cluster = cluster;
        this.nodes = List.copyOf(nodes);
        this.owners = owners;
    }

    /** Every channel on {@code node}. */
    static Topology single(RedisURI node, boolean sharded) {
        return new Topology(sharded, false, List.of(node), null);
    }

    /**
     * The primaries of a cluster from its {@code CLUSTER SLOTS} answer (entries of start slot, end slot, then the
     * primary as host, port, id, then its replicas), asked of the node at {@code asked}. A primary reported with an
     * empty or {@code ?} host is at the address the question went to (Redis's convention for a node that does not
     * know its own address). {@code address} makes the URI to reach a host and port (adding password and TLS).
     * Sharded pub/sub, always.
     */
    static Topology cluster(List<Object> slots, String askedHost, BiFunction<String, Integer, RedisURI> address) {
        Map<String, Short> index = new LinkedHashMap<>();
        List<RedisURI> nodes = new ArrayList<>();
        short[] owners = new short[SlotHash.SLOT_COUNT];
        Arrays.fill(owners, (short) -1);
        for (Object entry : slots) {
            List<?> range = (List<?>) entry;
            int from = ((Number) range.get(0)).intValue();
            int to = ((Number) range.get(1)).intValue();
            List<?> primary = (List<?>) range.get(2);
            String host = text(primary.get(0));
            if (host.isEmpty() || host.equals("?")) {
                host = askedHost;
            }
            int port = ((Number) primary.get(1)).intValue();
            String h = host;
            short i = index.computeIfAbsent(h + ":" + port, k -> {
                nodes.add(address.apply(h, port));
                return (short) (nodes.size() - 1);
            });
            for (int slot = Math.max(0, from); slot <= to && slot < owners.length; slot++) {
                owners[slot] = i;
            }
        }
        return new Topology(true, true, nodes, owners);
    }

    private static String text(Object o) {
        return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    /** {@code host:port}: what tells nodes apart. */
    static String key(RedisURI node) {
        return node.getHost() + ":" + node.getPort();
    }

    /** SPUBLISH/SSUBSCRIBE rather than PUBLISH/SUBSCRIBE. */
    boolean sharded() {
        return sharded;
    }

    /** Whether this came from {@code CLUSTER SLOTS} (and can change: slots move, primaries fail over). */
    boolean cluster() {
        return cluster;
    }

    List<RedisURI> nodes() {
        return nodes;
    }

    /** The node that carries {@code channel}, or null if no node owns its slot now. */
    RedisURI nodeFor(byte[] channel) {
        int i = indexFor(channel);
        return i < 0 ? null : nodes.get(i);
    }

    /** The index in {@link #nodes} of the node that carries {@code channel}, or -1 if no node owns its slot now. */
    int indexFor(byte[] channel) {
        return owners == null ? 0 : owners[SlotHash.getSlot(channel)];
    }

    /** Same mode, same nodes, same owner for every slot: nothing to reconnect or resubscribe. */
    boolean sameAs(Topology other) {
        return other != null && sharded == other.sharded && cluster == other.cluster
                && nodes.stream().map(Topology::key).toList().equals(other.nodes.stream().map(Topology::key).toList())
                && Arrays.equals(owners, other.owners);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(cluster ? "cluster of " + nodes.size() + " shard(s):" : "one node:");
        nodes.forEach(n -> b.append(' ').append(key(n)));
        return b.toString();
    }
}
