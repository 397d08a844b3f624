package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.RoomBrokerProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    @DisplayName("init parameters set every setting; unset ones keep their defaults")
    void readsInitParameters() {
        Map<String, String> p = Map.of(
                "dev.wharf.redis.url", "rediss://:pw@cache.example:6380/2",
                "dev.wharf.redis.channelPrefix", "chat:",
                "dev.wharf.redis.mode", "sharded",
                "dev.wharf.redis.whenUnreachable", "fail-start",
                "dev.wharf.redis.reconnectDelayMax", "5000",
                "dev.wharf.redis.attachmentTtl", "60");
        RedisSettings s = RedisSettings.fromInitParameters(p::get);
        assertEquals("rediss", s.url().getScheme());
        assertEquals("chat:", s.channelPrefix());
        assertEquals(RedisSettings.Mode.SHARDED, s.mode());
        assertEquals(RedisSettings.WhenUnreachable.FAIL_START, s.whenUnreachable());
        assertEquals(Duration.ofSeconds(5), s.reconnectDelayMax());
        assertEquals(Duration.ofMillis(100), s.reconnectDelayMin());
        assertEquals(Duration.ofMinutes(1), s.attachmentTtl());
        assertEquals("wharf:attachment:", s.attachmentPrefix());
        assertEquals(10_000, s.maxPendingPublishes());
        assertFalse(s.redactedUrl().contains("pw"), s.redactedUrl());
    }

    @Test
    @DisplayName("Sentinel URLs are accepted; no password, of the URL or of the settings, shows in messages or toString")
    void sentinelUrlsAndPasswordsKeptOutOfText() {
        RedisSettings sentinel = RedisSettings.builder("redis-sentinel://:pw1@s1:26379,s2:26379/0#primary").build();
        assertEquals("redis-sentinel://***@s1:26379,s2:26379/0#primary", sentinel.redactedUrl());
        assertFalse(sentinel.toString().contains("pw1"), sentinel.toString());
        RedisSettings tls = RedisSettings.fromInitParameters(Map.of(
                "dev.wharf.redis.url", "rediss-sentinel://s1:26379#primary",
                "dev.wharf.redis.password", "pw2")::get);
        assertEquals("pw2", tls.password());
        assertFalse(tls.toString().contains("pw2"), tls.toString());
        assertMessage("dev.wharf.redis.tlsTrustedCertificates",
                Map.of("dev.wharf.redis.tlsTrustedCertificates", "/nonexistent/ca.pem"));
    }

    @Test
    @DisplayName("a bad value fails with a message naming its init parameter")
    void badValuesNameTheirParameter() {
        assertMessage("dev.wharf.redis.url", Map.of("dev.wharf.redis.url", "http://x"));
        assertMessage("dev.wharf.redis.mode", Map.of("dev.wharf.redis.mode", "clustered"));
        assertMessage("dev.wharf.redis.maxPendingPublishes", Map.of("dev.wharf.redis.maxPendingPublishes", "0"));
        assertMessage("dev.wharf.redis.reconnectDelayMin", Map.of("dev.wharf.redis.reconnectDelayMin", "soon"));
        assertMessage("dev.wharf.redis.reconnectDelayMax",
                Map.of("dev.wharf.redis.reconnectDelayMin", "500", "dev.wharf.redis.reconnectDelayMax", "100"));
    }

    @Test
    @DisplayName("the provider named redis is found through ServiceLoader")
    void providerIsFound() {
        assertTrue(ServiceLoader.load(RoomBrokerProvider.class).stream()
                .anyMatch(p -> p.get().name().equals("redis") && p.get() instanceof RedisRoomBrokerProvider));
    }

    @Test
    @DisplayName("fail-start refuses to start without Redis, naming the URL without its password")
    void failStartThrows() {
        RedisSettings s = RedisSettings.builder("redis://:hidden@127.0.0.1:1")
                .whenUnreachable(RedisSettings.WhenUnreachable.FAIL_START).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisRoomBroker.create(s));
        assertTrue(e.getMessage().contains("127.0.0.1:1") && !e.getMessage().contains("hidden"), e.getMessage());
    }

    private static void assertMessage(String name, Map<String, String> p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.fromInitParameters(p::get));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
