package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisAttachmentStoreTest {

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start("s3cret");
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    @DisplayName("what one server writes another reads, lists and removes (password-protected Redis)")
    void sharedBetweenServers() throws IOException {
        RedisSettings settings = RedisSettings.builder(redis.url()).attachmentTtl(Duration.ofMinutes(5)).build();
        try (RedisAttachmentStore one = RedisAttachmentStore.create(settings);
             RedisAttachmentStore other = RedisAttachmentStore.create(settings)) {
            byte[] state = {0, 1, 2, (byte) 0xff, 'x'};
            one.write("conn-1", state);
            one.write("conn-2", new byte[0]);
            one.write("conn-2", new byte[] {7});
            redis.admin().set("unrelated", "v");
            assertArrayEquals(state, other.read("conn-1").orElseThrow());
            assertArrayEquals(new byte[] {7}, other.read("conn-2").orElseThrow());
            assertEquals(Optional.empty(), other.read("absent"));
            assertEquals(Set.of("conn-1", "conn-2"), other.ids());
            long ttl = redis.admin().pttl("wharf:attachment:conn-1");
            assertTrue(ttl > 0 && ttl <= 300_000, "time to live " + ttl);
            other.remove("conn-1");
            other.remove("conn-1");
            assertEquals(Optional.empty(), one.read("conn-1"));
            assertEquals(Set.of("conn-2"), one.ids());
        }
    }

    @Test
    @DisplayName("a prefix holding glob characters lists only its own ids; zero TTL keeps keys for good")
    void prefixIsMatchedLiterally() throws IOException {
        RedisSettings settings = RedisSettings.builder(redis.url()).attachmentPrefix("a*[1]:")
                .attachmentTtl(Duration.ZERO).build();
        try (RedisAttachmentStore store = RedisAttachmentStore.create(settings)) {
            store.write("x", new byte[] {1});
            redis.admin().set("abc[1]:y", "not ours");
            assertEquals(Set.of("x"), store.ids());
            assertEquals(-1, redis.admin().pttl("a*[1]:x"));
        }
    }

    @Test
    @DisplayName("while Redis is down every call fails with an IOException instead of hanging")
    void unreachableFailsWithIOException() throws IOException {
        RedisSettings settings = RedisSettings.builder(redis.url()).build();
        try (RedisAttachmentStore store = RedisAttachmentStore.create(settings)) {
            store.write("k", new byte[] {1});
            redis.kill();
            assertThrows(IOException.class, () -> store.read("k"));
            assertThrows(IOException.class, () -> store.write("k", new byte[] {2}));
            redis.restart();
            Await.until(Duration.ofSeconds(30), () -> {
                try {
                    store.write("k", new byte[] {3});
                    return true;
                } catch (IOException stillDown) {
                    return false;
                }
            }, "the store to reconnect");
            assertArrayEquals(new byte[] {3}, store.read("k").orElseThrow());
        }
        try (RedisAttachmentStore never = RedisAttachmentStore.create(
                RedisSettings.builder("redis://127.0.0.1:1").build())) {
            assertThrows(IOException.class, never::ids);
        }
    }
}
