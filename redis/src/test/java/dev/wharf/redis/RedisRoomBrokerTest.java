package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.RoomMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two brokers on one real Redis stand for two Wharf servers. */
class RedisRoomBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private final List<RedisRoomBroker> brokers = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        brokers.forEach(RedisRoomBroker::close);
        redis.close();
    }

    @Test
    @DisplayName("every broadcast reaches the other server byte-exact and in order, and never comes back to its sender")
    void deliversByteExactInOrderAndDropsOwnEcho() throws Exception {
        Server a = server(redis.url());
        Server b = server(redis.url());
        a.broker.subscribe("lobby");
        b.broker.subscribe("lobby");
        awaitSubscribers("lobby", 2);

        Random random = new Random(17);
        List<RoomMessage> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] payload = new byte[i % 50 == 0 ? 65_536 : random.nextInt(200)];
            random.nextBytes(payload);
            boolean text = i % 2 == 0;
            if (text) {
                payload = ("message " + i + " ✓").getBytes(StandardCharsets.UTF_8);
            }
            RoomMessage m = new RoomMessage(text, payload);
            sent.add(m);
            a.broker.publish("lobby", m);
        }
        for (RoomMessage expected : sent) {
            Delivered got = b.next();
            assertEquals("lobby", got.room);
            assertEquals(expected.text(), got.message.text());
            assertArrayEquals(expected.payload(), got.message.payload());
        }
        // a's own 500 went out before b's marker: if a heard its own echo, it would come first
        b.broker.publish("lobby", new RoomMessage(true, "marker".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("marker".getBytes(StandardCharsets.UTF_8), a.next().message.payload());
        assertTrue(a.received.isEmpty(), "server a received its own broadcasts back");
        assertEquals(0, a.broker.notDelivered());
    }

    @Test
    @DisplayName("a room's channel is subscribed while it has local members and unsubscribed after the last leaves")
    void subscriptionsAreReferenceCounted() {
        Server a = server(redis.url());
        a.broker.subscribe("r1");
        a.broker.subscribe("r1");
        a.broker.subscribe("r2");
        awaitChannels("wharf:room:r1", "wharf:room:r2");
        a.broker.unsubscribe("r1");
        a.broker.unsubscribe("r2");
        awaitChannels("wharf:room:r1");
        a.broker.unsubscribe("r1");
        awaitChannels();
        a.broker.unsubscribe("never-joined");
        a.broker.subscribe("r3");
        awaitChannels("wharf:room:r3");
    }

    @Test
    @DisplayName("while Redis is down, broadcasts are counted as not delivered without blocking; after its restart delivery resumes")
    void countsBroadcastsDuringOutageAndResumesAfterRestart() throws Exception {
        Server a = server(redis.url());
        Server b = server(redis.url());
        a.broker.subscribe("game");
        b.broker.subscribe("game");
        awaitSubscribers("game", 2);
        a.broker.publish("game", text("before"));
        assertEquals("before", b.nextText());

        redis.kill();
        Await.until(WAIT, () -> !a.broker.connected() && !b.broker.connected(), "both brokers to see Redis gone");
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            a.broker.publish("game", text("lost " + i));
        }
        long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(publishMillis < 2_000, "200 publishes during the outage took " + publishMillis + " ms");
        Await.until(WAIT, () -> a.broker.notDelivered() == 200, "200 broadcasts counted as not delivered");
        b.broker.subscribe("joined-during-outage");
        b.broker.unsubscribe("game");
        b.broker.subscribe("game");

        redis.restart();
        Await.until(WAIT, () -> a.broker.connected() && b.broker.connected(), "both brokers to reconnect");
        awaitSubscribers("game", 2);
        awaitChannels("wharf:room:game", "wharf:room:joined-during-outage");
        a.broker.publish("game", text("after"));
        assertEquals("after", b.nextText());
        b.broker.publish("game", text("back"));
        assertEquals("back", a.nextText());
        assertEquals(200, a.broker.notDelivered());
        assertEquals(0, b.broker.notDelivered());
        assertTrue(b.received.isEmpty(), "b received " + b.received);
    }

    @Test
    @DisplayName("rooms left while Redis is down are not resubscribed after it comes back")
    void roomsLeftDuringOutageStayUnsubscribed() {
        Server a = server(redis.url());
        a.broker.subscribe("stays");
        a.broker.subscribe("leaves");
        awaitChannels("wharf:room:stays", "wharf:room:leaves");
        redis.kill();
        Await.until(WAIT, () -> !a.broker.connected(), "the broker to see Redis gone");
        a.broker.unsubscribe("leaves");
        redis.restart();
        Await.until(WAIT, a.broker::connected, "the broker to reconnect");
        awaitChannels("wharf:room:stays");
    }

    @Test
    @DisplayName("a broker started while Redis is down connects when it comes up")
    void startsWhileRedisIsDown() throws Exception {
        redis.kill();
        Server a = server(redis.url());
        a.broker.subscribe("early");
        a.broker.publish("early", text("nobody"));
        assertEquals(1, a.broker.notDelivered());
        redis.restart();
        Server b = server(redis.url());
        b.broker.subscribe("early");
        awaitSubscribers("early", 2);
        b.broker.publish("early", text("hello"));
        assertEquals("hello", a.nextText());
    }

    private Server server(String url) {
        RedisSettings settings = RedisSettings.builder(url)
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
        RedisRoomBroker broker = RedisRoomBroker.create(settings);
        brokers.add(broker);
        Server server = new Server(broker);
        broker.start((room, message) -> server.received.add(new Delivered(room, message)));
        return server;
    }

    private void awaitSubscribers(String room, long count) {
        Await.until(WAIT, () -> {
            try {
                return redis.admin().pubsubNumsub("wharf:room:" + room).get("wharf:room:" + room) == count;
            } catch (RuntimeException redisComingBack) {
                return false;
            }
        }, count + " subscribers of " + room);
    }

    private void awaitChannels(String... channels) {
        java.util.Set<String> expected = java.util.Set.of(channels);
        Await.until(WAIT, () -> {
            try {
                return java.util.Set.copyOf(redis.admin().pubsubChannels("wharf:room:*")).equals(expected);
            } catch (RuntimeException redisComingBack) {
                return false;
            }
        }, "channels " + expected);
    }

    static RoomMessage text(String s) {
        return new RoomMessage(true, s.getBytes(StandardCharsets.UTF_8));
    }

    record Delivered(String room, RoomMessage message) {
    }

    static final class Server {
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
            return new String(next().message.payload(), StandardCharsets.UTF_8);
        }
    }
}
