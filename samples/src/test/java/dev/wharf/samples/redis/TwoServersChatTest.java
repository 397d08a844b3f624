package dev.wharf.samples.redis;

import static dev.wharf.samples.redis.ChatMembers.TAIL;
import static dev.wharf.samples.redis.ChatMembers.join;
import static dev.wharf.samples.redis.ChatMembers.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.redis.Await;
import dev.wharf.redis.RedisRoomBroker;
import dev.wharf.redis.RedisServer;
import dev.wharf.rooms.Rooms;
import dev.wharf.servlet.e2e.JdkClient;
import dev.wharf.samples.embedded.SamplesServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples chat as two servers (two embedded Jetty hosts on their own ports) sharing rooms through a real
 * redis-server of the test's own, with JDK WebSocket clients on both.
 */
class TwoServersChatTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServer redis;
    private SamplesServer a;
    private SamplesServer b;
    private final List<JdkClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        a = SamplesServer.start(0, redis.url());
        b = SamplesServer.start(0, redis.url());
        // the brokers connect in the background; a line said before would reach its own server only (at most once)
        Await.until(WAIT, () -> broker(a).connected() && broker(b).connected(), "both servers to reach Redis");
    }

    @AfterEach
    void stop() throws Exception {
        for (JdkClient c : clients) {
            c.close();
        }
        b.close();
        a.close();
        redis.close();
    }

    @Test
    @DisplayName("every line said on either server reaches every member on both, byte-exact and in order per sender, "
            + "while others join and leave; the servers unsubscribe when the room empties")
    void roomSpansTwoServers() throws Exception {
        JdkClient alice = join(clients, a, "shared", "alice");
        JdkClient carol = join(clients, a, "shared", "carol");
        JdkClient bob = join(clients, b, "shared", "bob");
        JdkClient dave = join(clients, b, "shared", "dave");
        awaitSubscribers("shared", 2);

        int lines = 150;
        CompletableFuture<Void> aliceTalks = talk(alice, "", lines);
        CompletableFuture<Void> bobTalks = talk(bob, "", lines);
        // members come and go on both servers during the traffic
        for (int i = 0; i < 4; i++) {
            JdkClient guest = join(clients, i % 2 == 0 ? a : b, "shared", "guest" + i);
            guest.sendText("hello from guest" + i + TAIL);
            guest.closeNormally();
            clients.remove(guest);
        }
        aliceTalks.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        bobTalks.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        for (JdkClient member : List.of(alice, carol, bob, dave)) {
            int nextAlice = 0;
            int nextBob = 0;
            Set<String> guestLines = new java.util.HashSet<>();
            while (nextAlice < lines || nextBob < lines || guestLines.size() < 4) {
                String line = member.nextText();
                if (line.startsWith("alice: ")) {
                    assertEquals("alice: " + nextAlice++ + TAIL, line);
                } else if (line.startsWith("bob: ")) {
                    assertEquals("bob: " + nextBob++ + TAIL, line);
                } else if (line.startsWith("guest")) {
                    guestLines.add(line);
                }
            }
            assertEquals(Set.of("guest0: hello from guest0" + TAIL, "guest1: hello from guest1" + TAIL,
                    "guest2: hello from guest2" + TAIL, "guest3: hello from guest3" + TAIL), guestLines);
        }
        assertEquals(0, broker(a).notDelivered() + broker(b).notDelivered());

        for (JdkClient member : List.of(alice, carol, bob, dave)) {
            member.closeNormally();
        }
        Await.until(WAIT, () -> redis.admin().pubsubChannels("wharf:room:*").isEmpty(),
                "both servers to unsubscribe from the emptied room");
    }

    @Test
    @DisplayName("Redis killed mid-traffic: local members get every line, the other server's none, and each is "
            + "counted; after a restart the room spans both servers again without restarting Wharf")
    void survivesRedisOutage() throws Exception {
        JdkClient alice = join(clients, a, "outage", "alice");
        JdkClient bob = join(clients, a, "outage", "bob");
        JdkClient carol = join(clients, b, "outage", "carol");
        awaitSubscribers("outage", 2);
        alice.sendText("before" + TAIL);
        assertEquals("alice: before" + TAIL, carol.nextTextMatching(l -> l.startsWith("alice: ")));

        redis.kill();
        Await.until(WAIT, () -> !broker(a).connected() && !broker(b).connected(), "both servers to see Redis gone");
        long before = broker(a).notDelivered();
        for (int i = 0; i < 20; i++) {
            alice.sendText("during " + i + TAIL);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("alice: during " + i + TAIL, bob.nextTextMatching(l -> l.startsWith("alice: during")));
        }
        Await.until(WAIT, () -> broker(a).notDelivered() - before == 20, "20 lines counted as not delivered");

        redis.restart();
        Await.until(WAIT, () -> broker(a).connected() && broker(b).connected(), "both servers to reconnect");
        awaitSubscribers("outage", 2);
        alice.sendText("after" + TAIL);
        // the outage's lines never reach the other server; the first alice line carol sees next is this one
        assertEquals("alice: after" + TAIL, carol.nextTextMatching(l -> l.startsWith("alice: ")));
        carol.sendText("back" + TAIL);
        assertEquals("carol: back" + TAIL, alice.nextTextMatching(l -> l.startsWith("carol: ")));
        assertEquals(20, broker(a).notDelivered() - before);
    }

    @Test
    @DisplayName("Redis killed while a member talks: its own server's members get every line in order, the other "
            + "server's an in-order part, and every line that did not cross is counted")
    void redisKilledMidTraffic() throws Exception {
        JdkClient bob = join(clients, a, "midway", "bob");
        JdkClient alice = join(clients, a, "midway", "alice");
        JdkClient carol = join(clients, b, "midway", "carol");
        awaitSubscribers("midway", 2);
        int lines = 200;
        CompletableFuture<Void> bobTalks = talk(bob, "", lines);
        alice.nextTextMatching(l -> l.equals("bob: 20" + TAIL));
        redis.kill();
        bobTalks.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until(WAIT, () -> !broker(a).connected(), "server a to see Redis gone");
        for (int i = 21; i < lines; i++) {
            assertEquals("bob: " + i + TAIL, alice.nextTextMatching(l -> l.startsWith("bob: ")));
        }
        redis.restart();
        Await.until(WAIT, () -> broker(a).connected() && broker(b).connected(), "both servers to reconnect");
        awaitSubscribers("midway", 2);
        bob.sendText("done" + TAIL);
        int crossed = 0;
        int last = -1;
        for (String line; !(line = carol.nextTextMatching(l -> l.startsWith("bob: "))).equals("bob: done" + TAIL); ) {
            int n = Integer.parseInt(line.substring("bob: ".length(), line.length() - TAIL.length()));
            assertTrue(n > last, "out of order: " + n + " after " + last);
            last = n;
            crossed++;
        }
        int missed = lines - crossed;
        assertTrue(missed > 0, "the outage lost no line: Redis was killed too late to test anything");
        long counted = broker(a).notDelivered();
        // Lines published after server a saw Redis gone are counted exactly (survivesRedisOutage); around the crash
        // itself a line can cross without its acknowledgement coming back (counted, yet delivered) or be taken and
        // never passed on (lost, not counted): pub/sub is at most once. So: counted, and near what was missed.
        assertTrue(counted > 0, "no line counted as not delivered");
        System.out.println("midway: " + missed + " of " + lines + " lines missed server b, " + counted
                + " counted as not delivered");
    }

    private static RedisRoomBroker broker(SamplesServer server) {
        return (RedisRoomBroker) Rooms.of(server.webSocketContainer()).broker();
    }

    private void awaitSubscribers(String room, long count) {
        String channel = "wharf:room:" + room;
        Await.until(WAIT, () -> {
            try {
                return redis.admin().pubsubNumsub(channel).get(channel) == count;
            } catch (RuntimeException redisComingBack) {
                return false;
            }
        }, count + " servers subscribed to " + channel);
    }
}
