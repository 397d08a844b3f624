package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.RoomMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A real Redis Cluster of three primaries: every room's channel lives on the shard owning its slot, and two brokers
 * (two servers) talk through it with sharded pub/sub.
 */
class ClusterPubSubTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "wharf:room:";

    private RedisCluster cluster;
    private final List<RedisRoomBroker> brokers = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterEach
    void stop() {
        brokers.forEach(RedisRoomBroker::close);
        cluster.close();
    }

    @Test
    @DisplayName("rooms on three shards: every broadcast reaches the other server byte-exact and in order per sender, "
            + "and each shard holds only its rooms' subscriptions, released when members leave")
    void roomsOnEveryShardInOrderPerSender() throws Exception {
        Server a = server();
        Server b = server();
        List<String> rooms = new ArrayList<>();
        for (RedisServer node : cluster.nodes()) {
            rooms.add(cluster.roomOn(node, PREFIX, "room-"));
        }
        for (String room : rooms) {
            a.broker.subscribe(room);
            b.broker.subscribe(room);
        }
        Await.until(WAIT, () -> a.broker.connected() && b.broker.connected(), "both brokers connected to 3 shards");
        assertEquals(3, a.broker.topology().nodes().size(), a.broker.topology().toString());
        for (String room : rooms) {
            RedisServer owner = cluster.ownerOf(PREFIX + room);
            Await.until(WAIT, () -> owner.admin().pubsubShardNumsub(PREFIX + room).get(PREFIX + room) == 2,
                    "two subscribers of " + room + " on its shard " + owner.port());
        }
        for (RedisServer node : cluster.nodes()) {
            assertEquals(1, node.admin().pubsubShardChannels().size(), "one room per shard on " + node.port());
        }

        // both servers publish into every room at once, each message numbered per (sender, room)
        int perRoom = 300;
        CompletableFuture<List<RoomMessage>> fromA = CompletableFuture.supplyAsync(() -> publishAll(a, rooms, perRoom, 1));
        CompletableFuture<List<RoomMessage>> fromB = CompletableFuture.supplyAsync(() -> publishAll(b, rooms, perRoom, 2));
        assertInOrder(fromA.get(WAIT.toSeconds(), TimeUnit.SECONDS), rooms, b);
        assertInOrder(fromB.get(WAIT.toSeconds(), TimeUnit.SECONDS), rooms, a);
        assertTrue(a.received.isEmpty() && b.received.isEmpty(), "a broker heard its own broadcasts back");
        assertEquals(0, a.broker.notDelivered() + b.broker.notDelivered());

        for (String room : rooms) {
            a.broker.unsubscribe(room);
            b.broker.unsubscribe(room);
        }
        for (RedisServer node : cluster.nodes()) {
            Await.until(WAIT, () -> node.admin().pubsubShardChannels().isEmpty(),
                    "no shard channel left on " + node.port());
        }
    }

    @Test
    @DisplayName("one shard killed: broadcasts to its rooms are counted as not delivered, rooms on the other shards "
            + "keep working")
    void oneShardDownOthersKeepWorking() throws Exception {
        Server a = server();
        Server b = server();
        RedisServer doomed = cluster.nodes().get(1);
        String lost = cluster.roomOn(doomed, PREFIX, "lost-");
        String kept0 = cluster.roomOn(cluster.nodes().get(0), PREFIX, "kept-");
        String kept2 = cluster.roomOn(cluster.nodes().get(2), PREFIX, "kept-");
        for (String room : List.of(lost, kept0, kept2)) {
            a.broker.subscribe(room);
            b.broker.subscribe(room);
        }
        Await.until(WAIT, () -> a.broker.connected() && b.broker.connected(), "both brokers connected");
        for (String room : List.of(lost, kept0, kept2)) {
            RedisServer owner = cluster.ownerOf(PREFIX + room);
            Await.until(WAIT, () -> owner.admin().pubsubShardNumsub(PREFIX + room).get(PREFIX + room) == 2,
                    "two subscribers of " + room);
        }
        a.broker.publish(lost, text("before"));
        assertEquals(lost + ":before", b.nextText());

        doomed.kill();
        Await.until(WAIT, () -> !a.broker.connected(), "server a to see the shard gone");
        Await.until(WAIT, () -> {
            // the connection to the dead shard is down once a publish there fails at once
            long before = a.broker.notDelivered();
            a.broker.publish(lost, text("probe"));
            return a.broker.notDelivered() == before + 1;
        }, "broadcasts to the dead shard's room to fail at once");
        long before = a.broker.notDelivered();
        for (int i = 0; i < 50; i++) {
            a.broker.publish(lost, text("lost " + i));
            a.broker.publish(kept0, text("kept " + i));
            a.broker.publish(kept2, text("kept " + i));
        }
        Map<String, Integer> next = new HashMap<>(Map.of(kept0, 0, kept2, 0));
        while (next.get(kept0) < 50 || next.get(kept2) < 50) {
            String got = b.nextText();
            String room = got.substring(0, got.indexOf(':'));
            assertTrue(next.containsKey(room), "from a room of the dead shard: " + got);
            assertEquals(room + ":kept " + next.get(room), got);
            next.merge(room, 1, Integer::sum);
        }
        Await.until(WAIT, () -> a.broker.notDelivered() - before == 50, "50 broadcasts counted as not delivered");
        assertEquals(50, a.broker.notDelivered() - before);
        assertTrue(b.received.isEmpty(), "b received " + b.received);
    }

    @Test
    @DisplayName("a room's slot moved to another shard mid-traffic: what arrives stays in order, what Redis refused "
            + "is counted, and the room works on its new shard")
    void slotMovedMidTraffic() throws Exception {
        Server a = server();
        Server b = server();
        RedisServer from = cluster.nodes().get(0);
        RedisServer to = cluster.nodes().get(1);
        String room = cluster.roomOn(from, PREFIX, "moving-");
        a.broker.subscribe(room);
        b.broker.subscribe(room);
        Await.until(WAIT, () -> a.broker.connected() && b.broker.connected(), "both brokers connected");
        Await.until(WAIT, () -> from.admin().pubsubShardNumsub(PREFIX + room).get(PREFIX + room) == 2,
                "two subscribers on the first shard");

        int lines = 2_000;
        CompletableFuture<Void> talking = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < lines; i++) {
                a.broker.publish(room, text(Integer.toString(i)));
                if (i % 100 == 0) {
                    Thread.yield();
                }
            }
        });
        String numbered = b.nextText();
        moveSlot(io.lettuce.core.cluster.SlotHash.getSlot((PREFIX + room).getBytes(StandardCharsets.UTF_8)), from, to);
        talking.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // the slot's new owner gets both subscriptions (Redis dropped them on the old one)
        Await.until(WAIT, () -> to.admin().pubsubShardNumsub(PREFIX + room).get(PREFIX + room) == 2,
                "two subscribers on the new shard");
        Await.until(WAIT, () -> {
            a.broker.publish(room, text("end"));
            return b.received.stream().anyMatch(d -> d.text().equals(room + ":end"));
        }, "a broadcast after the move to arrive");
        int last = Integer.parseInt(numbered.substring(numbered.indexOf(':') + 1));
        int arrived = 1;
        for (String got; !(got = b.nextText()).equals(room + ":end"); ) {
            int n = Integer.parseInt(got.substring(got.indexOf(':') + 1));
            assertTrue(n > last, "out of order: " + n + " after " + last);
            last = n;
            arrived++;
        }
        System.out.println("slot move: " + arrived + " of " + lines + " crossed, " + a.broker.notDelivered()
                + " counted as not delivered");
        assertTrue(from.admin().pubsubShardChannels().isEmpty(), "subscriptions left on the old shard");
    }

    @Test
    @DisplayName("attachments on a cluster: keys on every shard, all listed, read back from another server")
    void attachmentsAcrossShards() throws IOException {
        RedisSettings settings = RedisSettings.builder(cluster.url()).build();
        try (RedisAttachmentStore one = RedisAttachmentStore.create(settings);
             RedisAttachmentStore other = RedisAttachmentStore.create(settings)) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                ids.add("client-" + i);
                one.write("client-" + i, ("state " + i).getBytes(StandardCharsets.UTF_8));
            }
            for (RedisServer node : cluster.nodes()) {
                assertTrue(node.admin().dbsize() > 0, "no attachment on shard " + node.port());
            }
            assertEquals(ids, other.ids());
            assertArrayEquals("state 7".getBytes(StandardCharsets.UTF_8), other.read("client-7").orElseThrow());
            other.remove("client-7");
            assertTrue(one.read("client-7").isEmpty());
        }
    }

    /** Hands {@code slot} (without keys) from one primary to another the way a reshard ends: SETSLOT NODE everywhere. */
    private void moveSlot(int slot, RedisServer from, RedisServer to) {
        String toId = to.admin().clusterMyId();
        String fromId = from.admin().clusterMyId();
        to.admin().clusterSetSlotImporting(slot, fromId);
        from.admin().clusterSetSlotMigrating(slot, toId);
        to.admin().clusterSetSlotNode(slot, toId);
        from.admin().clusterSetSlotNode(slot, toId);
        for (RedisServer node : cluster.nodes()) {
            if (node != from && node != to) {
                node.admin().clusterSetSlotNode(slot, toId);
            }
        }
    }

    private static List<RoomMessage> publishAll(Server server, List<String> rooms, int perRoom, int seed) {
        Random random = new Random(seed);
        List<RoomMessage> sent = new ArrayList<>();
        for (int i = 0; i < perRoom; i++) {
            for (String room : rooms) {
                byte[] payload = new byte[8 + (i % 60 == 0 ? 40_000 : random.nextInt(300))];
                random.nextBytes(payload);
                ByteBuffer.wrap(payload).putInt(i).putInt(rooms.indexOf(room));
                RoomMessage m = new RoomMessage(false, payload);
                sent.add(m);
                server.broker.publish(room, m);
            }
        }
        return sent;
    }

    /** {@code sent} (round-robin over rooms) arrived at {@code receiver}, byte-exact and in order within each room. */
    private static void assertInOrder(List<RoomMessage> sent, List<String> rooms, Server receiver) throws Exception {
        Map<String, List<RoomMessage>> expected = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            expected.computeIfAbsent(rooms.get(i % rooms.size()), r -> new ArrayList<>()).add(sent.get(i));
        }
        Map<String, Integer> next = new HashMap<>();
        int remaining = sent.size();
        while (remaining > 0) {
            Server.Delivered d = receiver.next();
            int index = next.merge(d.room(), 1, Integer::sum) - 1;
            RoomMessage want = expected.get(d.room()).get(index);
            assertArrayEquals(want.payload(), d.message().payload(), "message " + index + " in " + d.room());
            remaining--;
        }
    }

    private Server server() {
        RedisRoomBroker broker = RedisRoomBroker.create(RedisSettings.builder(cluster.url())
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .build());
        brokers.add(broker);
        Server server = new Server(broker);
        broker.start((room, message) -> server.received.add(new Server.Delivered(room, message)));
        return server;
    }

    private static RoomMessage text(String s) {
        return new RoomMessage(true, s.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Server {
        record Delivered(String room, RoomMessage message) {
            String text() {
                return room + ":" + new String(message.payload(), StandardCharsets.UTF_8);
            }
        }

        final RedisRoomBroker broker;
        final LinkedBlockingQueue<Delivered> received = new LinkedBlockingQueue<>();

        Server(RedisRoomBroker broker) {
            this.broker = broker;
        }

        Delivered next() throws InterruptedException {
            Delivered d = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (d == null) {
                throw new AssertionError("no broadcast arrived within " + WAIT.toMillis() + " ms");
            }
            return d;
        }

        String nextText() throws InterruptedException {
            return next().text();
        }
    }
}
