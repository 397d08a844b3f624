package dev.wharf.rooms;

import dev.wharf.session.SessionPort;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The pings of one session: the keep-alive schedule on the session's timer (its host's, or the container's timer
 * thread), and the pings waiting for their pong. A ping carries an 8-byte token; a pong with that token completes it
 * (RFC 6455 §5.5.3: a pong answers with the ping's payload; a peer may answer only the latest of several, so a pong
 * also completes every older ping).
 */
final class Heartbeat {

    /** Pings waiting for a pong at most; one more fails at once (a peer that answers none cannot grow this map). */
    static final int MAX_PENDING = 64;

    private final Session session;
    /** Token → when that ping was sent and who waits for it. Guarded by this. */
    private final Map<Long, Pending> pending = new HashMap<>();
    /** The next keep-alive's handle from the session's timer, or null. Guarded by this. */
    private Object schedule;
    /** Counts {@link #start} calls: a keep-alive armed before the latest one stops. Guarded by this. */
    private long generation;
    /** Pongs received so far (any payload: the peer is alive). */
    private volatile long pongs;

    private record Pending(long sentNanos, CompletableFuture<Duration> rtt) {
    }

    Heartbeat(Session session) {
        this.session = session;
    }

    /** Applies {@code newSetting} (null: no keep-alive), replacing the schedule. */
    synchronized void start(KeepAlive.Setting newSetting) {
        cancelSchedule();
        generation++;
        if (newSetting != null && session.isOpen()) {
            arm(newSetting, generation);
        }
    }

    /** The next keep-alive, one interval from now. Under this lock. */
    private void arm(KeepAlive.Setting armed, long armedGeneration) {
        schedule = SessionPort.timer(session).schedule(() -> keepAlive(armed, armedGeneration), armed.intervalMs());
    }

    private void cancelSchedule() {
        if (schedule != null) {
            SessionPort.timer(session).cancel(schedule);
            schedule = null;
        }
    }

    private synchronized boolean current(long armedGeneration) {
        return generation == armedGeneration;
    }

    /**
     * On the timer's thread: ping, check after the pong timeout that some pong came since, and arm the next one after
     * that check (with a timeout equal to the interval, the check comes first). A keep-alive that a later
     * {@link #start} replaced while it was due does nothing (cancelling it may come too late).
     */
    private void keepAlive(KeepAlive.Setting armed, long armedGeneration) {
        if (!current(armedGeneration) || !session.isOpen()) {
            return;
        }
        long pongsBefore = pongs;
        if (!SessionPort.ping(session, token(0))) {
            return; // closing already
        }
        SessionPort.timer(session).schedule(() -> {
            // No pong since this ping went out, and keep-alive was not turned off or replaced meanwhile.
            if (pongs == pongsBefore && current(armedGeneration) && session.isOpen()) {
                SessionPort.closeUnresponsive(session, "no pong within " + armed.timeoutMs() + " ms");
            }
        }, armed.timeoutMs());
        synchronized (this) {
            if (generation == armedGeneration) {
                arm(armed, armedGeneration);
            }
        }
    }

    CompletableFuture<Duration> ping(long token) {
        CompletableFuture<Duration> rtt = new CompletableFuture<>();
        synchronized (this) {
            if (pending.size() >= MAX_PENDING) {
                rtt.completeExceptionally(new IllegalStateException(MAX_PENDING + " pings are unanswered already"));
                return rtt;
            }
            pending.put(token, new Pending(System.nanoTime(), rtt));
        }
        if (!SessionPort.ping(session, token(token))) {
            synchronized (this) {
                pending.remove(token);
            }
            rtt.completeExceptionally(new IOException("session " + session.getId() + " is closed"));
        }
        return rtt;
    }

    /** On the reading thread. */
    void pong(ByteBuffer payload) {
        long now = System.nanoTime();
        pongs++; // only the reading thread writes it
        if (payload.remaining() != Long.BYTES) {
            return;
        }
        long token = payload.getLong(payload.position());
        Map<Long, Pending> answered = new HashMap<>();
        synchronized (this) {
            if (pending.isEmpty() || !pending.containsKey(token)) {
                return;
            }
            pending.entrySet().removeIf(e -> {
                if (e.getKey() <= token) { // tokens grow: older pings are answered by this pong too
                    answered.put(e.getKey(), e.getValue());
                    return true;
                }
                return false;
            });
        }
        for (Pending p : answered.values()) {
            p.rtt.complete(Duration.ofNanos(now - p.sentNanos));
        }
    }

    /** The session closed: the schedule ends and waiting pings fail. */
    void stop() {
        Map<Long, Pending> left;
        synchronized (this) {
            cancelSchedule();
            generation++;
            left = new HashMap<>(pending);
            pending.clear();
        }
        IOException closed = new IOException("session " + session.getId() + " closed before the pong came");
        for (Pending p : left.values()) {
            p.rtt.completeExceptionally(closed);
        }
    }

    private static ByteBuffer token(long token) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, token);
    }
}
