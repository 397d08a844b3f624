package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.RoomMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** On a Redis cluster (here one node owning every slot) broadcasts travel on Redis 7 sharded pub/sub. */
class ShardedPubSubTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServer redis;

    @BeforeEach
    void startCluster() {
        redis = RedisServer.startCluster();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    @DisplayName("a cluster is found out, broadcasts go through SPUBLISH/SSUBSCRIBE and shard channels follow members")
    void usesShardedPubSubOnACluster() throws Exception {
        RedisSettings settings = RedisSettings.builder(redis.url()).build();
        try (RedisRoomBroker a = RedisRoomBroker.create(settings);
             RedisRoomBroker b = RedisRoomBroker.create(settings)) {
            LinkedBlockingQueue<String> toA = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<String> toB = new LinkedBlockingQueue<>();
            a.start((room, m) -> toA.add(room + ":" + new String(m.payload(), StandardCharsets.UTF_8)));
            b.start((room, m) -> toB.add(room + ":" + new String(m.payload(), StandardCharsets.UTF_8)));
            a.subscribe("shard-room");
            b.subscribe("shard-room");
            Await.until(WAIT, () -> a.connected() && b.connected(), "connected");
            assertEquals(Boolean.TRUE, a.sharded());
            Await.until(WAIT, () -> redis.admin().pubsubShardNumsub("wharf:room:shard-room")
                    .get("wharf:room:shard-room") == 2, "two shard subscribers");
            assertTrue(redis.admin().pubsubChannels().isEmpty(), "no plain channel in sharded mode");

            for (int i = 0; i < 100; i++) {
                a.publish("shard-room", new RoomMessage(true, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("shard-room:m" + i, toB.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            b.publish("shard-room", new RoomMessage(true, "marker".getBytes(StandardCharsets.UTF_8)));
            assertEquals("shard-room:marker", toA.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(toA.isEmpty(), "a heard its own broadcasts");

            a.unsubscribe("shard-room");
            Await.until(WAIT, () -> redis.admin().pubsubShardNumsub("wharf:room:shard-room")
                    .get("wharf:room:shard-room") == 1, "one shard subscriber left");
            b.unsubscribe("shard-room");
            Await.until(WAIT, () -> redis.admin().pubsubShardChannels().isEmpty(), "no shard channel left");
            assertEquals(Set.of(), Set.copyOf(redis.admin().pubsubShardChannels()));
            assertEquals(0, a.notDelivered() + b.notDelivered());
        }
    }
}
