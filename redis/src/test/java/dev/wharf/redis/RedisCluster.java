package dev.wharf.redis;

import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real Redis Cluster of the test's own: {@code shards} primaries without replicas, each a {@link RedisServer} on a
 * free loopback port in its own temporary directory, met by hand ({@code CLUSTER MEET}) and given an equal share of
 * the 16,384 slots ({@code CLUSTER ADDSLOTSRANGE}). {@link #close} kills every node, also after a failed start.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisCluster() {
    }

    public static RedisCluster start(int shards) {
        RedisCluster cluster = new RedisCluster();
        try {
            // started side by side: each waits for its process to say it is ready
            List<CompletableFuture<RedisServer>> starting = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                starting.add(CompletableFuture.supplyAsync(RedisServer::startClusterNode));
            }
            RuntimeException failed = null;
            for (CompletableFuture<RedisServer> node : starting) {
                try {
                    cluster.nodes.add(node.join());
                } catch (CompletionException e) {
                    failed = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            if (failed != null) {
                throw failed;
            }
            RedisCommands<String, String> first = cluster.nodes.get(0).admin();
            for (RedisServer node : cluster.nodes.subList(1, shards)) {
                first.clusterMeet("127.0.0.1", node.port());
            }
            int per = SlotHash.SLOT_COUNT / shards;
            for (int i = 0; i < shards; i++) {
                int from = i * per;
                int to = i == shards - 1 ? SlotHash.SLOT_COUNT - 1 : from + per - 1;
                cluster.nodes.get(i).admin().clusterAddSlotsRange(Range.create(from, to));
            }
            for (RedisServer node : cluster.nodes) {
                Await.until(START_TIMEOUT, () -> {
                    String info = node.admin().clusterInfo();
                    // every node knows every other and every slot's owner: clients may ask any of them
                    return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + shards + "\r\n")
                            && info.contains("cluster_slots_assigned:16384") && node.admin().clusterSlots().size() == shards;
                }, "cluster of " + shards + " to agree on node " + node.port());
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The URL of the first node: clients learn the others from it. */
    public String url() {
        return nodes.get(0).url();
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The node that owns {@code channel}'s slot now (asked of a live node, so it is right after a reshard). */
    public RedisServer ownerOf(String channel) {
        int slot = SlotHash.getSlot(channel.getBytes(StandardCharsets.UTF_8));
        RedisServer asked = nodes.stream().filter(RedisServer::alive).findFirst().orElseThrow();
        for (Object entry : asked.admin().clusterSlots()) {
            List<?> range = (List<?>) entry;
            if (((Number) range.get(0)).intValue() <= slot && slot <= ((Number) range.get(1)).intValue()) {
                int port = ((Number) ((List<?>) range.get(2)).get(1)).intValue();
                return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
            }
        }
        throw new IllegalStateException("no node owns slot " + slot);
    }

    /** A room name (with {@code prefix}) whose channel {@code channelPrefix + name} lives on {@code node}. */
    public String roomOn(RedisServer node, String channelPrefix, String prefix) {
        for (int i = 0; ; i++) {
            String room = prefix + i;
            if (ownerOf(channelPrefix + room) == node) {
                return room;
            }
        }
    }

    @Override
    public void close() {
        for (RedisServer node : nodes) {
            node.close();
        }
    }
}
