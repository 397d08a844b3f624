package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.RoomMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} to a redis-server that speaks only TLS, with a certificate of a test-made authority, and that
 * requires a password: given in the URL, in the settings, or as init parameters.
 */
class TlsAndPasswordTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "tls-s3cret";

    private static Path certificates;
    private static TestCertificates tls;
    private RedisServer redis;
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** Made once for the class: two RSA keys take seconds on a loaded machine. */
    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = Files.createTempDirectory("wharf-redis-tls-");
        tls = TestCertificates.make(certificates);
    }

    @AfterAll
    static void deleteCertificates() throws Exception {
        try (Stream<Path> files = Files.walk(certificates)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void start() {
        redis = RedisServer.startWith(PASSWORD, tls.tlsOnlyServerArgs());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        redis.close();
    }

    @Test
    @DisplayName("rooms and attachments over TLS, the password in the URL for one server and in the settings for the "
            + "other")
    void broadcastsAndAttachmentsOverTls() throws Exception {
        RedisSettings inUrl = RedisSettings.builder("rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port())
                .tlsTrustedCertificates(tls.ca())
                .whenUnreachable(RedisSettings.WhenUnreachable.FAIL_START)
                .build();
        RedisSettings inSettings = RedisSettings.builder("rediss://127.0.0.1:" + redis.port())
                .password(PASSWORD)
                .tlsTrustedCertificates(tls.ca())
                .whenUnreachable(RedisSettings.WhenUnreachable.FAIL_START)
                .build();
        assertFalse(inSettings.toString().contains(PASSWORD), inSettings.toString());
        assertFalse(inUrl.toString().contains(PASSWORD), inUrl.toString());

        RedisRoomBroker a = closeLater(RedisRoomBroker.create(inUrl));
        RedisRoomBroker b = closeLater(RedisRoomBroker.create(inSettings));
        LinkedBlockingQueue<String> toB = new LinkedBlockingQueue<>();
        b.start((room, m) -> toB.add(room + ":" + new String(m.payload(), StandardCharsets.UTF_8)));
        a.start((room, m) -> { });
        b.subscribe("secure");
        // the first broadcast may pass before b's SUBSCRIBE reaches Redis (at most once): repeat until one arrives
        Await.until(WAIT, () -> {
            a.publish("secure", new RoomMessage(true, "hello".getBytes(StandardCharsets.UTF_8)));
            return !toB.isEmpty();
        }, "a broadcast over TLS");
        toB.clear();
        for (int i = 0; i < 100; i++) {
            a.publish("secure", new RoomMessage(true, ("m" + i + " ✓").getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 100; i++) {
            String got;
            do { // the greetings of the wait above still on their way
                got = toB.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } while ("secure:hello".equals(got));
            assertEquals("secure:m" + i + " ✓", got);
        }
        assertEquals(0, a.notDelivered());

        RedisAttachmentStore store = closeLater(RedisAttachmentStore.create(inSettings));
        store.write("tls-client", new byte[] {1, 2, 3});
        RedisAttachmentStore other = closeLater(RedisAttachmentStore.create(inUrl));
        assertArrayEquals(new byte[] {1, 2, 3}, other.read("tls-client").orElseThrow());
    }

    @Test
    @DisplayName("the password and the trusted certificates as init parameters")
    void initParameters() throws Exception {
        RedisSettings s = RedisSettings.fromInitParameters(Map.of(
                "dev.wharf.redis.url", "rediss://127.0.0.1:" + redis.port(),
                "dev.wharf.redis.password", PASSWORD,
                "dev.wharf.redis.tlsTrustedCertificates", tls.ca().toString(),
                "dev.wharf.redis.whenUnreachable", "fail-start")::get);
        RedisAttachmentStore store = closeLater(RedisAttachmentStore.create(s));
        store.write("from-init-parameters", "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(store.ids().contains("from-init-parameters"));
        RedisRoomBroker broker = closeLater(RedisRoomBroker.create(s));
        assertTrue(broker.connected());
    }

    @Test
    @DisplayName("a server certificate the client does not trust, or a wrong password, refuses fail-start")
    void untrustedCertificateOrWrongPasswordRefused() {
        RedisSettings untrusted = RedisSettings.builder("rediss://127.0.0.1:" + redis.port())
                .password(PASSWORD)
                .whenUnreachable(RedisSettings.WhenUnreachable.FAIL_START)
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisRoomBroker.create(untrusted));
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        RedisSettings wrongPassword = RedisSettings.builder("rediss://127.0.0.1:" + redis.port())
                .password("not-" + PASSWORD)
                .tlsTrustedCertificates(tls.ca())
                .whenUnreachable(RedisSettings.WhenUnreachable.FAIL_START)
                .build();
        e = assertThrows(IllegalStateException.class, () -> RedisRoomBroker.create(wrongPassword));
        assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }
}
