package dev.wharf.samples.redis;

import static dev.wharf.samples.redis.ChatMembers.TAIL;
import static dev.wharf.samples.redis.ChatMembers.join;
import static dev.wharf.samples.redis.ChatMembers.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.redis.Await;
import dev.wharf.redis.RedisCluster;
import dev.wharf.redis.RedisRoomBroker;
import dev.wharf.redis.RedisServer;
import dev.wharf.rooms.Rooms;
import dev.wharf.samples.embedded.SamplesServer;
import dev.wharf.servlet.e2e.JdkClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples chat as two servers sharing rooms through a real three-primary Redis Cluster, one room on each shard,
 * with JDK WebSocket clients on both servers.
 */
class ClusterChatTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "wharf:room:";

    private RedisCluster cluster;
    private SamplesServer a;
    private SamplesServer b;
    private final List<JdkClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = RedisCluster.start(3);
        a = SamplesServer.start(0, cluster.url());
        b = SamplesServer.start(0, cluster.url());
        Await.until(WAIT, () -> broker(a).connected() && broker(b).connected(), "both servers to reach every shard");
    }

    @AfterEach
    void stop() throws Exception {
        for (JdkClient c : clients) {
            c.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        cluster.close();
    }

    @Test
    @DisplayName("a room on each shard: every line reaches every member on both servers, byte-exact and in order per "
            + "sender; subscriptions released on every shard when members leave; one shard killed, the other rooms "
            + "keep crossing and its room's lines are counted")
    void roomsOnThreeShards() throws Exception {
        List<String> rooms = new ArrayList<>();
        List<JdkClient[]> members = new ArrayList<>();
        for (RedisServer node : cluster.nodes()) {
            String room = cluster.roomOn(node, PREFIX, "chat-");
            rooms.add(room);
            members.add(new JdkClient[] {join(clients, a, room, "alice"), join(clients, b, room, "bob")});
        }
        for (int r = 0; r < rooms.size(); r++) {
            awaitShardSubscribers(rooms.get(r), 2);
        }

        int lines = 100;
        List<CompletableFuture<Void>> talking = new ArrayList<>();
        for (JdkClient[] pair : members) {
            talking.add(talk(pair[0], "a", lines));
            talking.add(talk(pair[1], "b", lines));
        }
        for (CompletableFuture<Void> t : talking) {
            t.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        for (JdkClient[] pair : members) {
            for (JdkClient member : pair) {
                int nextAlice = 0;
                int nextBob = 0;
                while (nextAlice < lines || nextBob < lines) {
                    String line = member.nextTextMatching(l -> l.startsWith("alice: ") || l.startsWith("bob: "));
                    if (line.startsWith("alice: ")) {
                        assertEquals("alice: a" + nextAlice++ + TAIL, line);
                    } else {
                        assertEquals("bob: b" + nextBob++ + TAIL, line);
                    }
                }
            }
        }
        assertEquals(0, broker(a).notDelivered() + broker(b).notDelivered());

        // everybody leaves the first room: its shard holds no subscription any more
        members.get(0)[0].closeNormally();
        members.get(0)[1].closeNormally();
        RedisServer first = cluster.nodes().get(0);
        Await.until(WAIT, () -> first.admin().pubsubShardChannels().isEmpty(), "no subscription left on shard 0");

        // the second room's shard dies: its lines stay on their server, counted; the third room keeps crossing
        RedisServer doomed = cluster.nodes().get(1);
        doomed.kill();
        Await.until(WAIT, () -> !broker(a).connected(), "server a to see the shard gone");
        JdkClient[] lost = members.get(1);
        JdkClient[] kept = members.get(2);
        long before = broker(a).notDelivered();
        for (int i = 0; i < 20; i++) {
            lost[0].sendText("lost " + i + TAIL);
            kept[0].sendText("kept " + i + TAIL);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("alice: kept " + i + TAIL, kept[1].nextTextMatching(l -> l.startsWith("alice: kept")));
        }
        Await.until(WAIT, () -> broker(a).notDelivered() - before == 20, "20 lines counted as not delivered");
        kept[1].sendText("still here" + TAIL);
        assertEquals("bob: still here" + TAIL, kept[0].nextTextMatching(l -> l.startsWith("bob: still")));
        assertEquals(20, broker(a).notDelivered() - before);

        kept[0].closeNormally();
        kept[1].closeNormally();
        RedisServer third = cluster.nodes().get(2);
        Await.until(WAIT, () -> third.admin().pubsubShardChannels().isEmpty(), "no subscription left on shard 2");
    }

    private static RedisRoomBroker broker(SamplesServer server) {
        return (RedisRoomBroker) Rooms.of(server.webSocketContainer()).broker();
    }

    private void awaitShardSubscribers(String room, long count) {
        String channel = PREFIX + room;
        RedisServer owner = cluster.ownerOf(channel);
        Await.until(WAIT, () -> owner.admin().pubsubShardNumsub(channel).get(channel) == count,
                count + " servers subscribed to " + channel + " on its shard");
    }
}
