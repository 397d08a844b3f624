package dev.wharf.session;

import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * The narrow way in which {@code dev.wharf.rooms} reaches a session's send queue, timer and inbound events. Not user
 * API (the rooms package is a sibling, and Java has no friend packages): every method takes a Wharf session and
 * fails with {@link IllegalArgumentException} for any other.
 */
public final class SessionPort {

    /** What {@link #sendShared} did. */
    public enum Sent {
        /** Queued behind the session's earlier frames. */
        QUEUED,
        /** Refused: the session's queue would pass the given limit. Nothing was closed. */
        OVER_LIMIT,
        /** Not queued now: the session is in the middle of a fragmented message and the caller may not wait. */
        BUSY,
        /** The session is closing or closed. */
        CLOSED
    }

    /** Read on every inbound message: null (the usual case) costs one volatile read. */
    private static volatile InboundTap tap;

    private SessionPort() {
    }

    /** Installs the one tap; later calls with the same tap do nothing. */
    public static void install(InboundTap newTap) {
        if (tap == newTap) {
            return;
        }
        synchronized (SessionPort.class) {
            if (tap != null && tap != newTap) {
                throw new IllegalStateException("an inbound tap is installed already");
            }
            tap = newTap;
        }
    }

    static InboundTap tap() {
        return tap;
    }

    /**
     * Queues {@code message} to {@code session} without blocking on the network: the shared frame itself when the
     * session negotiated no extension, else framed (and compressed) for this session. {@code mayWait} lets it wait
     * for another thread's fragmented message to end (bounded by the blocking send timeout).
     */
    public static Sent sendShared(Session session, SharedMessage message, long limit, boolean mayWait) {
        try {
            return wharf(session).sender().shared(message, limit, mayWait, true, System.nanoTime());
        } catch (IOException e) {
            return Sent.CLOSED;
        }
    }

    /**
     * As {@link #sendShared}, but writes nothing yet: the frame waits in the session's queue until
     * {@link #writeQueued} (or a write already in progress) takes it. A fan-out queues to every member first and then
     * writes, so that each member's write carries whatever other broadcasts queued to it meanwhile.
     */
    public static Sent queueShared(Session session, SharedMessage message, long limit) {
        return queueShared(session, message, limit, System.nanoTime());
    }

    /**
     * As {@link #queueShared(Session, SharedMessage, long)}, with {@code nowNanos}, a recent reading of
     * {@link System#nanoTime}, for the session's idle clock: a fan-out reads the clock once for many members (a reading
     * costs about as much as a third of queuing to one) and again now and then, so that it is never far behind.
     */
    public static Sent queueShared(Session session, SharedMessage message, long limit, long nowNanos) {
        try {
            return wharf(session).sender().shared(message, limit, false, false, nowNanos);
        } catch (IOException e) {
            return Sent.CLOSED;
        }
    }

    /** Writes what {@link #queueShared} left in {@code session}'s queue, unless a write in progress takes it. */
    public static void writeQueued(Session session) {
        wharf(session).sender().writeQueued();
    }

    /** Queues a ping without waiting; false if the session is closing. */
    public static boolean ping(Session session, ByteBuffer payload) {
        try {
            wharf(session).sender().ping(payload, FrameCompletion.NONE);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Closes a room member whose queue overflowed: its unsent frames are dropped, 1008 and the reason go out. */
    public static void closeSlowMember(Session session, String reason) {
        wharf(session).abandonSends(ContainerClose.SEND_QUEUE_FULL, reason, new IOException(reason));
    }

    /** Closes a session whose peer stopped answering pings, with 1001 and the reason; onClose runs at once. */
    public static void closeUnresponsive(Session session, String reason) {
        wharf(session).abandonSends(ContainerClose.PEER_UNRESPONSIVE, reason, new IOException(reason));
    }

    /** Runs {@code action} once the session has closed and run onClose (at once if it has). */
    public static void whenClosed(Session session, Runnable action) {
        wharf(session).whenClosed(action);
    }

    /** The timer of the session's deadlines (its host's, or the container's): tasks on it are short, never block. */
    public static DeadlineTimer timer(Session session) {
        return wharf(session).deadlineTimer();
    }

    /** The container's callback pool. */
    public static Executor pool(Session session) {
        return wharf(session).services().pool();
    }

    /** The session's configured send-queue bound in bytes (0 or less: none). */
    public static long maxSendQueueBytes(Session session) {
        return wharf(session).services().defaults().maxSendQueueBytes();
    }

    /**
     * Encodes {@code value} with the session's encoders, once, into a message for many sessions.
     *
     * @throws jakarta.websocket.EncodeException when no encoder fits or the encoder fails
     */
    public static SharedMessage encode(Session session, Object value) throws jakarta.websocket.EncodeException {
        Object encoded = wharf(session).encode(value);
        if (encoded instanceof String text) {
            return SharedMessage.text(text);
        }
        ByteBuffer data = ((ByteBuffer) encoded).duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return SharedMessage.of(false, bytes);
    }

    /** The configuration the session's endpoint was deployed (or connected) with. */
    public static jakarta.websocket.EndpointConfig endpointConfig(Session session) {
        return wharf(session).endpointConfig();
    }

    private static WebSocketSession wharf(Session session) {
        if (session instanceof WebSocketSession s) {
            return s;
        }
        throw new IllegalArgumentException("not a Wharf session: " + (session == null ? null : session.getClass()));
    }
}
