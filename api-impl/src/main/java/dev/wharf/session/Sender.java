package dev.wharf.session;

import dev.wharf.engine.CloseState;
import dev.wharf.engine.Engine;
import dev.wharf.engine.SharedEncoding;
import dev.wharf.engine.StatusCodes;
import dev.wharf.metrics.EndpointMeters;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Turns messages into frames and queues them, keeping every session's output whole and ordered.
 *
 * <p>Whole messages sent concurrently from several threads simply queue up in the order they were encoded: no
 * "remote endpoint was in state TEXT_FULL_WRITING". A partial message (a fragmented one, sent piece by piece) belongs
 * to the thread that started it: other threads wait until it is finished, and only that thread starting another
 * message before finishing it is refused.
 *
 * <p>A room broadcast framed once for many sessions does not take the send lock ({@link #shared}): the queue records,
 * under its own lock, whether an application's fragmented message is partly queued and whether our close frame is, so
 * the one lock the broadcast takes anyway keeps it out of that message and from behind that close frame.
 *
 * <p>It calls nothing back: whether sending is still allowed comes from its {@link Gate}, and what to do about a
 * queue over its limit is its caller's business (it only reports {@link SendQueue.Offered#REFUSED}).
 */
final class Sender {

    /** Whether a data or ping/pong frame may still be queued. */
    interface Gate {
        /** @throws IOException when the connection is closing or closed: nothing but close frames goes out */
        void checkSendable() throws IOException;
    }

    private final Engine engine;
    private final SendQueue queue;
    private final Gate gate;
    private final SessionTimers timers;
    private final ContainerDefaults defaults;
    private final EndpointMeters meters;
    /** Made with the first ping (under the send lock): most idle sessions are never pinged by us. */
    private volatile PingClock pingClock;
    // The send lock is this object's monitor (no one else sees a Sender): a lock object per session costs 16 bytes.
    /** The thread in the middle of a partial message, or null. Guarded by this. */
    private Thread partialOwner;
    private boolean partialIsText;

    Sender(Engine engine, SendQueue queue, Gate gate, SessionTimers timers, ContainerDefaults defaults,
           EndpointMeters meters) {
        this.engine = engine;
        this.meters = meters;
        this.queue = queue;
        this.gate = gate;
        this.timers = timers;
        this.defaults = defaults;
    }

    /**
     * Encodes and queues one data frame.
     *
     * @param wholeMessage true for sendText(String)-style calls that must not continue an unfinished partial message
     * @return what became of the frame; when {@link SendQueue.Offered#REFUSED} the completion has failed already
     */
    SendQueue.Offered data(boolean text, Object payload, boolean last, boolean wholeMessage, FrameCompletion completion)
            throws IOException {
        try {
            return encodeAndQueue(text, payload, last, wholeMessage, completion);
        } finally {
            writeQueued();
        }
    }

    /**
     * As {@link #data}, but leaves the frame for a later {@link #writeQueued} (or a write that takes it meanwhile):
     * for the replies of one turn, which go out together ({@link Outbound#queueReply}).
     */
    SendQueue.Offered dataWithoutWriting(boolean text, Object payload, FrameCompletion completion) throws IOException {
        return encodeAndQueue(text, payload, true, true, completion);
    }

    private SendQueue.Offered encodeAndQueue(boolean text, Object payload, boolean last, boolean wholeMessage,
            FrameCompletion completion) throws IOException {
        synchronized (this) {
            Thread me = Thread.currentThread();
            awaitPartialOwner(me);
            if (partialOwner == me && (wholeMessage || partialIsText != text)) {
                throw new IllegalStateException("a partial " + (partialIsText ? "text" : "binary")
                        + " message is unfinished: send its last part before starting another message");
            }
            gate.checkSendable();
            ByteBuffer[] frame;
            try {
                frame = text ? engine.encodeText((CharSequence) payload, last)
                        : engine.encodeBinary((ByteBuffer) payload, last);
            } catch (IllegalStateException e) {
                if (engine.closeState() == CloseState.CLOSED) {
                    // The connection ended between the check above and the encoding (extensions already released).
                    throw new IOException("the session is closed", e);
                }
                throw e;
            }
            if (last) {
                meters.recordMessageSent(text);
                partialOwner = null;
                notifyAll();
            } else {
                partialOwner = me;
                partialIsText = text;
            }
            return enqueue(frame, completion, false, last);
        }
    }

    /**
     * Queues one whole message framed for many sessions ({@link SharedMessage}): the frame shared by every connection
     * with this one's {@link SharedEncoding} (none, or deflate without context takeover), else framed and compressed
     * here. Never waits for the network; waits for
     * another thread's fragmented message only if {@code mayWait}. A queue over {@code limit} is only reported.
     *
     * @param nowNanos {@link System#nanoTime} read by the caller (once for many members): the idle clock's time
     */
    SessionPort.Sent shared(SharedMessage message, long limit, boolean mayWait, boolean writeNow, long nowNanos)
            throws IOException {
        try {
            SessionPort.Sent sent = mayWait ? null : queueSharedBetweenMessages(message, limit, nowNanos);
            return sent != null ? sent : queueShared(message, limit, mayWait, nowNanos);
        } finally {
            if (writeNow) {
                writeQueued();
            }
        }
    }

    /**
     * A room fan-out's path, once per member of every broadcast: the shared frame goes into the queue under the queue's
     * lock alone. The send lock is not needed: the frame is not encoded here (no engine state to order it with), and
     * the queue itself refuses it inside an application's fragmented message or after our close frame, both of which
     * it records under that lock ({@link SendQueue#offerSharedBetweenMessages}). Before, the broadcaster's thread
     * entered two monitors per member, each last held by another core's thread.
     *
     * @return null when this session frames the message itself (an extension keeping context): the locked path then
     */
    private SessionPort.Sent queueSharedBetweenMessages(SharedMessage message, long limit, long nowNanos)
            throws IOException {
        SharedEncoding encoding = engine.sharedEncoding();
        if (encoding == null) {
            return null;
        }
        // A closing session answers CLOSED at once (a volatile read); the queue's own mark covers a close frame
        // queued after this check.
        gate.checkSendable();
        timers.touch(nowNanos); // before the frame is in, as on every send: an idle check meanwhile sees the traffic
        SendQueue.Offered offered = queue.offerSharedBetweenMessages(message.frameFor(encoding), limit);
        if (offered == SendQueue.Offered.QUEUED || offered == SendQueue.Offered.HELD) {
            return SessionPort.Sent.QUEUED;
        }
        if (offered == SendQueue.Offered.REFUSED) {
            return SessionPort.Sent.OVER_LIMIT;
        }
        return offered == SendQueue.Offered.MID_MESSAGE ? SessionPort.Sent.BUSY : SessionPort.Sent.CLOSED;
    }

    /** The locked path: for a broadcast that may wait for a fragmented message, or a session that frames it itself. */
    private SessionPort.Sent queueShared(SharedMessage message, long limit, boolean mayWait, long nowNanos)
            throws IOException {
        synchronized (this) {
            Thread me = Thread.currentThread();
            if (partialOwner != null) {
                if (!mayWait || partialOwner == me) {
                    return SessionPort.Sent.BUSY;
                }
                awaitPartialOwner(me);
            }
            // Nothing follows a close frame (RFC 6455 §5.5.1) without asking the engine (its close lock, once per
            // member of every fan-out): the gate passed, so the phase is OPEN and no close frame was encoded yet (each
            // is encoded after the phase left OPEN), and every later one is encoded under this lock, after this frame.
            gate.checkSendable();
            SharedEncoding encoding = engine.sharedEncoding();
            SendQueue.Offered offered;
            if (encoding != null) {
                SharedFrame shared = message.frameFor(encoding);
                timers.touch(nowNanos);
                offered = queue.offerSharedWithoutWriting(shared, limit);
            } else {
                ByteBuffer[] frame;
                try {
                    frame = message.isText() ? engine.encodeText(message.textValue(), true)
                            : engine.encodeBinary(ByteBuffer.wrap(message.payload()), true);
                } catch (IllegalStateException e) {
                    return SessionPort.Sent.CLOSED; // our close frame went out (or extensions were released) meanwhile
                }
                timers.touch(nowNanos);
                offered = queue.offerWithoutWriting(frame, FrameCompletion.NONE, limit, false);
            }
            return offered == SendQueue.Offered.REFUSED ? SessionPort.Sent.OVER_LIMIT : SessionPort.Sent.QUEUED;
        }
    }

    SendQueue.Offered ping(ByteBuffer payload, FrameCompletion completion) throws IOException {
        try {
            synchronized (this) {
                gate.checkSendable();
                meters.recordPingSent();
                if (payload.remaining() <= 125) { // a longer one is refused by the engine just below
                    PingClock clock = pingClock;
                    if (clock == null) {
                        clock = new PingClock();
                        pingClock = clock;
                    }
                    clock.pingSent(payload);
                }
                return enqueue(engine.encodePing(payload), completion, true, true);
            }
        } finally {
            writeQueued();
        }
    }

    /** A pong arrived (on the reading thread): if it answers our latest ping, its round trip is recorded. */
    void pongReceived(ByteBuffer payload) {
        PingClock clock = pingClock;
        long rtt = clock == null ? -1 : clock.pongReceived(payload); // unsolicited: nothing to time
        if (rtt >= 0) {
            meters.recordPingRoundTrip(rtt);
        }
    }

    SendQueue.Offered pong(ByteBuffer payload, FrameCompletion completion) throws IOException {
        try {
            synchronized (this) {
                gate.checkSendable();
                meters.recordPongSent();
                return enqueue(engine.encodePong(payload), completion, true, true);
            }
        } finally {
            writeQueued();
        }
    }

    /**
     * Writes what was queued under the send lock, once that lock is released: a thread queuing to this session
     * meanwhile waits for an encoding, never for a system call, and frames queued by several threads go out in one
     * write. Every path that queues with {@code offerWithoutWriting} ends here (or with a later write that takes them).
     */
    void writeQueued() {
        queue.writeQueued();
        timers.watchSendStall();
    }

    /**
     * Answers the peer's close frame with its code (RFC 6455 §5.5.1), unless our own close frame went out already.
     * Under the send lock, so it never lands inside a partial message's fragments or races a data frame's encoding.
     */
    void closeReply(int code) {
        synchronized (this) {
            ByteBuffer[] frame = engine.encodeClose(code, "");
            if (frame != null) {
                meters.recordBytesSent(size(frame));
                queue.offerClose(frame, FrameCompletion.NONE);
            }
        }
    }

    /** Fails the connection with {@code code}, unless our close frame went out already; reason cut to fit. */
    void failureClose(int code, String reason) {
        synchronized (this) {
            ByteBuffer[] frame = engine.encodeClose(code, StatusCodes.fitReason(reason));
            if (frame != null) {
                meters.recordBytesSent(size(frame));
                queue.offerClose(frame, FrameCompletion.NONE);
            }
        }
    }

    /**
     * Our own close (application or container): queues the close frame with {@code completion}, unless one went out
     * already. Under the send lock like the others, so no data frame is encoded after it.
     *
     * @return whether both close frames are now out (the peer's had arrived): the transport may close when flushed
     */
    boolean close(int code, String reason, FrameCompletion completion) {
        synchronized (this) {
            ByteBuffer[] frame = engine.encodeClose(code, StatusCodes.fitReason(reason));
            if (frame != null) {
                meters.recordBytesSent(size(frame));
                queue.offerClose(frame, completion);
            }
            return engine.closeState() == CloseState.CLOSED;
        }
    }

    /** Queues a frame the engine produced itself, or our close frame: never refused for size. */
    void control(ByteBuffer[] frame, FrameCompletion completion) {
        meters.recordBytesSent(size(frame));
        queue.offer(frame, completion, 0, true);
    }

    /**
     * Queues within the session's limit, without writing (the caller runs {@link #writeQueued} after releasing the
     * send lock); a refused frame's completion fails here, with the reason.
     */
    private SendQueue.Offered enqueue(ByteBuffer[] frame, FrameCompletion completion, boolean control, boolean last) {
        long limit = defaults.maxSendQueueBytes();
        timers.touch();
        meters.recordBytesSent(size(frame));
        SendQueue.Offered offered = control ? queue.offerWithoutWriting(frame, completion, limit, true)
                : queue.offerDataWithoutWriting(frame, completion, limit, last);
        if (offered == SendQueue.Offered.REFUSED) {
            completion.done(new IOException(queueFullReason(limit)));
        }
        return offered;
    }

    private static long size(ByteBuffer[] frame) {
        long size = 0;
        for (ByteBuffer b : frame) {
            size += b.remaining();
        }
        return size;
    }

    static String queueFullReason(long limit) {
        return "send queue over its limit of " + limit + " bytes: the peer is not reading";
    }

    private void awaitPartialOwner(Thread me) throws IOException {
        long timeoutMs = defaults.blockingSendTimeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (partialOwner != null && partialOwner != me) {
            long left = deadline - System.nanoTime();
            if (timeoutMs > 0 && left <= 0) {
                throw new SocketTimeoutException("another thread's partial message did not finish within "
                        + timeoutMs + " ms");
            }
            try {
                if (timeoutMs > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } else {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to send", e);
            }
        }
    }
}
