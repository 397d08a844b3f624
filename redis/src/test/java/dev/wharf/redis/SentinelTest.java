package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.rooms.RoomMessage;
import io.lettuce.core.RedisException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code redis-sentinel://}: the brokers are given only a Sentinel's address and the primary's name, and find the
 * primary through it; when the primary dies and Sentinel promotes its replica, they follow.
 */
class SentinelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisServer primary;
    private RedisServer replica;
    private RedisServer sentinel;

    @BeforeEach
    void start() throws Exception {
        primary = closeLater(RedisServer.start());
        replica = closeLater(RedisServer.startWith(null, List.of("--replicaof", "127.0.0.1",
                Integer.toString(primary.port()))));
        Path dir = Files.createTempDirectory("wharf-sentinel-");
        Path conf = dir.resolve("sentinel.conf");
        // a Sentinel rewrites its configuration file, so it lives in a directory of its own
        Files.writeString(conf, "sentinel monitor wharf 127.0.0.1 " + primary.port() + " 1\n"
                + "sentinel down-after-milliseconds wharf 1000\n"
                + "sentinel failover-timeout wharf 5000\n", StandardCharsets.US_ASCII);
        sentinel = closeLater(RedisServer.startWith(null, List.of(conf.toString(), "--sentinel")));
        closing.add(() -> {
            Files.deleteIfExists(conf);
            Files.deleteIfExists(dir);
        });
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    @DisplayName("two servers find the primary through Sentinel and share a room; after a failover they share it "
            + "on the promoted replica")
    void discoversPrimaryAndFollowsFailover() throws Exception {
        String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#wharf";
        RedisSettings settings = RedisSettings.builder(url)
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        RedisRoomBroker a = closeLater(RedisRoomBroker.create(settings));
        RedisRoomBroker b = closeLater(RedisRoomBroker.create(settings));
        LinkedBlockingQueue<String> toB = new LinkedBlockingQueue<>();
        a.start((room, m) -> { });
        b.start((room, m) -> toB.add(new String(m.payload(), StandardCharsets.UTF_8)));
        b.subscribe("watched");
        Await.until(WAIT, () -> a.connected() && b.connected(), "both brokers to reach the primary");
        Await.until(WAIT, () -> primary.admin().pubsubChannels().contains("wharf:room:watched"),
                "b subscribed on the primary that Sentinel named");
        for (int i = 0; i < 50; i++) {
            a.publish("watched", new RoomMessage(true, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("m" + i, toB.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }

        Await.until(WAIT, () -> replica.admin().info("replication").contains("master_link_status:up"),
                "the replica to follow the primary");
        primary.kill();
        Await.until(WAIT, acrossResets(() -> replica.admin().info("replication").contains("role:master")),
                "Sentinel to promote the replica");
        Await.until(WAIT, acrossResets(() -> replica.admin().pubsubChannels().contains("wharf:room:watched")),
                "b to resubscribe on the promoted replica");
        Await.until(WAIT, () -> {
            a.publish("watched", new RoomMessage(true, "after".getBytes(StandardCharsets.UTF_8)));
            return toB.contains("after");
        }, "a broadcast through the promoted replica");
    }

    /**
     * Sentinel kills the normal clients of the replica it promotes, the test's own admin connection included: a check
     * that meets that reset counts as not yet true and runs again on the reconnected connection.
     */
    private static BooleanSupplier acrossResets(BooleanSupplier check) {
        return () -> {
            try {
                return check.getAsBoolean();
            } catch (RedisException reset) {
                return false;
            }
        };
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }
}
