package dev.wharf.rooms;

import dev.wharf.session.SessionPort;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep-alive pings and dead-peer detection. With a ping interval set (for every session of a container, or for one
 * session), the container pings the peer every interval; a peer that sends no pong within the pong timeout after a
 * ping is closed with 1001 (going away) and the reason "no pong within ... ms", and {@code onClose} runs: a
 * half-open TCP connection (a peer gone behind a load balancer) is closed within interval + timeout.
 *
 * <pre>{@code
 * KeepAlive.setDefault(serverContainer, Duration.ofSeconds(30), Duration.ofSeconds(10));
 * KeepAlive.ping(session).thenAccept(rtt -> log("round trip " + rtt.toMillis() + " ms"));
 * }</pre>
 *
 * <p>Pongs still reach the endpoint's pong handler. The {@code dev.wharf.pingInterval} and
 * {@code dev.wharf.pongTimeout} init parameters set the container default on a servlet host.
 */
public final class KeepAlive {

    private static final Map<WebSocketContainer, Setting> DEFAULTS = new WeakHashMap<>();
    private static final ConcurrentHashMap<Session, Heartbeat> HEARTBEATS = new ConcurrentHashMap<>();
    /** Tokens carried by our pings: unique in this process, so a pong matches the ping it answers. */
    private static final AtomicLong TOKENS = new AtomicLong();

    record Setting(long intervalMs, long timeoutMs) {
    }

    private KeepAlive() {
    }

    /**
     * Pings every session of {@code container} opened from now on every {@code interval}, closing it when no pong
     * comes within {@code timeout}. {@link Duration#ZERO} as interval turns the default off.
     */
    public static void setDefault(WebSocketContainer container, Duration interval, Duration timeout) {
        Objects.requireNonNull(container, "container");
        Setting setting = setting(interval, timeout);
        RoomsTap.install();
        synchronized (DEFAULTS) {
            if (setting == null) {
                DEFAULTS.remove(container);
            } else {
                DEFAULTS.put(container, setting);
            }
        }
    }

    /** As {@link #setDefault} for one session, replacing the container's default for it; ZERO turns it off. */
    public static void set(Session session, Duration interval, Duration timeout) {
        Setting setting = setting(interval, timeout);
        RoomsTap.install();
        heartbeat(session).start(setting);
    }

    /**
     * Sends a ping now; the future completes with the round-trip time when the matching pong arrives, or fails when
     * the session closes first (or has {@link Heartbeat#MAX_PENDING} pings unanswered already).
     */
    public static CompletableFuture<Duration> ping(Session session) {
        RoomsTap.install();
        return heartbeat(session).ping(TOKENS.incrementAndGet());
    }

    private static Setting setting(Duration interval, Duration timeout) {
        if (interval.isZero()) {
            return null;
        }
        if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ping interval and pong timeout must be positive: " + interval + ", "
                    + timeout);
        }
        return new Setting(Math.max(1, interval.toMillis()), Math.max(1, timeout.toMillis()));
    }

    private static Heartbeat heartbeat(Session session) {
        boolean[] created = {false};
        Heartbeat beat = HEARTBEATS.computeIfAbsent(session, s -> {
            created[0] = true;
            return new Heartbeat(s);
        });
        if (created[0]) {
            SessionPort.whenClosed(session, () -> {
                HEARTBEATS.remove(session);
                beat.stop();
            });
        }
        return beat;
    }

    /** Whether sessions of {@code container} get a keep-alive when they open. */
    static boolean hasDefault(WebSocketContainer container) {
        synchronized (DEFAULTS) {
            return DEFAULTS.containsKey(container);
        }
    }

    /** A session opens: the container's default applies to it. */
    static void opening(Session session) {
        Setting setting;
        synchronized (DEFAULTS) {
            setting = DEFAULTS.isEmpty() ? null : DEFAULTS.get(session.getContainer());
        }
        if (setting != null) {
            heartbeat(session).start(setting);
        }
    }

    static void pong(Session session, ByteBuffer payload) {
        if (HEARTBEATS.isEmpty()) {
            return;
        }
        Heartbeat beat = HEARTBEATS.get(session);
        if (beat != null) {
            beat.pong(payload);
        }
    }
}
