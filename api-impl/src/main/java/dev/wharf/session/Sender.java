package dev.wharf.session;

import dev.wharf.engine.CloseCodes;
import dev.wharf.engine.CloseState;
import dev.wharf.engine.Engine;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns messages into frames and queues them, keeping every session's output whole and ordered.
 *
 * <p>Whole messages sent concurrently from several threads simply queue up in the order they were encoded: no
 * "remote endpoint was in state TEXT_FULL_WRITING". A partial message (a fragmented one, sent piece by piece) belongs
 * to the thread that started it: other threads wait until it is finished, and only that thread starting another
 * message before finishing it is refused.
 */
final class Sender {

    private final WebSocketSession session;
    private final Engine engine;
    private final SendQueue queue;
    // The send lock is this object's monitor (no one else sees a Sender): a lock object per session costs 16 bytes.
    /** The thread in the middle of a partial message, or null. Guarded by this. */
    private Thread partialOwner;
    private boolean partialIsText;

    Sender(WebSocketSession session, Engine engine, SendQueue queue) {
        this.session = session;
        this.engine = engine;
        this.queue = queue;
    }

    /**
     * Encodes and queues one data frame.
     *
     * @param wholeMessage true for sendText(String)-style calls that must not continue an unfinished partial message
     * @return true if the frame is held in the batch (batching is allowed) rather than on its way to the network
     */
    boolean data(boolean text, Object payload, boolean last, boolean wholeMessage, SendQueue.Completion completion)
            throws IOException {
        synchronized (this) {
            Thread me = Thread.currentThread();
            awaitPartialOwner(me);
            if (partialOwner == me && (wholeMessage || partialIsText != text)) {
                throw new IllegalStateException("a partial " + (partialIsText ? "text" : "binary")
                        + " message is unfinished: send its last part before starting another message");
            }
            session.checkSendable();
            ByteBuffer[] frame;
            try {
                frame = text ? engine.encodeText((CharSequence) payload, last)
                        : engine.encodeBinary((ByteBuffer) payload, last);
            } catch (IllegalStateException e) {
                if (engine.closeState() == CloseState.CLOSED) {
                    // The connection ended between the check above and the encoding (extensions already released).
                    throw new IOException("session " + session.getId() + " is closed", e);
                }
                throw e;
            }
            if (last) {
                partialOwner = null;
                notifyAll();
            } else {
                partialOwner = me;
                partialIsText = text;
            }
            return enqueue(frame, completion, false);
        }
    }

    void ping(ByteBuffer payload, SendQueue.Completion completion) throws IOException {
        synchronized (this) {
            session.checkSendable();
            enqueue(engine.encodePing(payload), completion, true);
        }
    }

    void pong(ByteBuffer payload, SendQueue.Completion completion) throws IOException {
        synchronized (this) {
            session.checkSendable();
            enqueue(engine.encodePong(payload), completion, true);
        }
    }

    /**
     * Answers the peer's close frame with its code (RFC 6455 §5.5.1), unless our own close frame went out already.
     * Under the send lock, so it never lands inside a partial message's fragments or races a data frame's encoding.
     */
    void closeReply(int code) {
        synchronized (this) {
            ByteBuffer[] frame = engine.encodeClose(code, "");
            if (frame != null) {
                queue.offer(frame, SendQueue.Completion.NONE, 0, true);
            }
        }
    }

    /** Fails the connection with {@code code}, unless our close frame went out already; reason cut to fit. */
    void failureClose(int code, String reason) {
        synchronized (this) {
            ByteBuffer[] frame = engine.encodeClose(code, CloseCodes.fitReason(reason));
            if (frame != null) {
                queue.offer(frame, SendQueue.Completion.NONE, 0, true);
            }
        }
    }

    /** Queues a frame the engine produced itself, or our close frame: never refused for size. */
    void control(ByteBuffer[] frame, SendQueue.Completion completion) {
        queue.offer(frame, completion, 0, true);
    }

    /** Waits for a blocking send, closing the session if the peer does not take the bytes in time. */
    void await(SendFuture sent, long timeoutMs) throws IOException {
        try {
            // A callback thread waiting for a slow peer does not hold up other sessions' callbacks (ElasticPool).
            ElasticPool.block(() -> {
                if (timeoutMs > 0) {
                    sent.get(timeoutMs, TimeUnit.MILLISECONDS);
                } else {
                    sent.get();
                }
            }, waitedMs -> {
                // Every callback thread waits for a peer and a task waits for a thread: this peer waited longest.
                String reason = "peer not reading: a blocking send waited " + waitedMs
                        + " ms while the server's callback threads were all taken";
                session.abandonSends(ContainerClose.SEND_PREEMPTED, reason, new SocketTimeoutException(reason));
            });
        } catch (TimeoutException e) {
            String reason = "blocking send not completed within " + timeoutMs + " ms";
            SocketTimeoutException timedOut = new SocketTimeoutException(reason);
            session.abandonSends(ContainerClose.SEND_TIMEOUT, reason, timedOut);
            throw timedOut;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        }
    }

    /** @return true if the frame is held in the batch */
    private boolean enqueue(ByteBuffer[] frame, SendQueue.Completion completion, boolean control) {
        long limit = session.services().defaults().maxSendQueueBytes();
        session.touch();
        SendQueue.Offered offered = queue.offer(frame, completion, limit, control);
        if (offered == SendQueue.Offered.REFUSED) {
            String reason = "send queue over its limit of " + limit + " bytes: the peer is not reading";
            IOException refused = new IOException(reason);
            completion.done(refused);
            session.abandonSends(ContainerClose.SEND_QUEUE_FULL, reason, refused);
            return false;
        }
        session.watchSendStall();
        return offered == SendQueue.Offered.HELD;
    }

    private void awaitPartialOwner(Thread me) throws IOException {
        long timeoutMs = session.services().defaults().blockingSendTimeoutMs();
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
