package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisLeakTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
        redis.admin().ping();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    @DisplayName("thousands of joins and leaves leave exactly the rooms that still have members subscribed")
    void manyJoinsAndLeavesLeaveNoSubscription() {
        RedisRoomBroker broker = RedisRoomBroker.create(RedisSettings.builder(redis.url()).build());
        try {
            broker.start((room, message) -> { });
            for (int cycle = 0; cycle < 200; cycle++) {
                for (int room = 0; room < 20; room++) {
                    broker.subscribe("room-" + room);
                    broker.subscribe("room-" + room);
                }
                for (int room = 0; room < 20; room++) {
                    broker.unsubscribe("room-" + room);
                    broker.unsubscribe("room-" + room);
                }
            }
            broker.subscribe("kept");
            Await.until(WAIT, () -> Set.copyOf(redis.admin().pubsubChannels("wharf:room:*"))
                    .equals(Set.of("wharf:room:kept")), "only wharf:room:kept subscribed");
            Await.until(WAIT, () -> broker.connected(), "connected");
            assertEquals(1, clientsSubscribedTo(1), "one subscriber connection, subscribed to one channel");
        } finally {
            broker.close();
        }
        Await.until(WAIT, () -> redis.admin().pubsubChannels("wharf:room:*").isEmpty(), "no channel after close");
    }

    @Test
    @DisplayName("brokers started and closed again and again leave no thread behind")
    void closingEndsEveryThread() {
        // one broker first: class loading and JVM-wide threads (e.g. Netty's cleaner) are not the broker's
        RedisRoomBroker.create(RedisSettings.builder(redis.url()).build()).close();
        Set<String> before = threadNames();
        for (int i = 0; i < 10; i++) {
            RedisRoomBroker broker = RedisRoomBroker.create(RedisSettings.builder(redis.url()).build());
            broker.start((room, message) -> { });
            broker.subscribe("r");
            Await.until(WAIT, broker::connected, "connected");
            broker.publish("r", RedisRoomBrokerTest.text("x"));
            broker.close();
        }
        Await.until(WAIT, () -> threadNames().equals(before),
                () -> "threads to end; still there: " + difference(threadNames(), before));
        // Failed once in CI (session 9, a clean clone): a connection stayed for 20 s after every thread had ended;
        // the clients Redis still lists say which.
        Await.until(WAIT, () -> clientsSubscribedTo(-1) == 1,
                () -> "only the test's own connection left; Redis lists:\n" + redis.admin().clientList());
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(t -> t.getName() + "#" + t.getId())
                .filter(name -> !name.startsWith("redis-server-log-"))
                // Netty's one JVM-wide helper thread: it comes and goes by itself (ends after 1 s idle)
                .filter(name -> !name.startsWith("globalEventExecutor-"))
                .collect(Collectors.toSet());
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).collect(Collectors.toSet());
    }

    /** Clients connected to Redis (besides none) whose {@code sub} count is {@code channels}; -1: all clients. */
    private long clientsSubscribedTo(int channels) {
        List<String> clients = List.of(redis.admin().clientList().split("\n"));
        return clients.stream().filter(line -> !line.isBlank())
                .filter(line -> channels < 0 || line.contains(" sub=" + channels + " ")).count();
    }
}
