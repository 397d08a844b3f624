package dev.wharf.session;

import dev.wharf.endpoint.Codecs;
import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the remotes send through: messages to frames ({@link Sender}), the queue and its limits ({@link SendQueue}),
 * batching, the send timeouts, and giving up on a peer that does not read. The remotes hold this, never the session.
 */
final class Outbound {

    private static final VarHandle BASIC;
    private static final VarHandle ASYNC;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BASIC = lookup.findVarHandle(Outbound.class, "basic", BasicRemote.class);
            ASYNC = lookup.findVarHandle(Outbound.class, "async", AsyncRemote.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Session session;
    private final Sender sender;
    private final SendQueue queue;
    private final SessionTimers timers;
    private final Codecs codecs;
    private final Closing closing;
    private final ContainerDefaults defaults;
    private final EndpointMeters meters;
    private volatile boolean batchingAllowed;
    // The remotes are made on first use (an idle session may never send), once: set with BASIC and ASYNC.
    private volatile BasicRemote basic;
    private volatile AsyncRemote async;
    /** The last reply {@link #queueReply} left for its turn to write; only the turn's thread touches it. */
    private SendFuture owedReply;

    Outbound(Session session, Sender sender, SendQueue queue, SessionTimers timers, Codecs codecs, Closing closing,
             ContainerDefaults defaults, EndpointMeters meters) {
        this.session = session;
        this.meters = meters;
        this.sender = sender;
        this.queue = queue;
        this.timers = timers;
        this.codecs = codecs;
        this.closing = closing;
        this.defaults = defaults;
    }

    BasicRemote basicRemote() {
        BasicRemote remote = basic;
        if (remote == null) {
            BasicRemote created = new BasicRemote(this);
            remote = BASIC.compareAndSet(this, null, created) ? created : basic;
        }
        return remote;
    }

    AsyncRemote asyncRemote() {
        AsyncRemote remote = async;
        if (remote == null) {
            AsyncRemote created = new AsyncRemote(this);
            remote = ASYNC.compareAndSet(this, null, created) ? created : async;
        }
        return remote;
    }

    /** The session, for the {@code SendResult}s handed to a {@code SendHandler}. */
    Session session() {
        return session;
    }

    /**
     * Session methods other than close are refused once the session is closed (Session javadoc): once its onClose has
     * returned, so that onClose itself may still use the session (its sends fail: see {@link Closing#checkSendable}).
     */
    void checkOpen() {
        if (closing.signals().isClosed()) {
            throw new IllegalStateException("session " + session.getId() + " is closed");
        }
    }

    Object encode(Object value) throws EncodeException {
        return codecs.encode(value);
    }

    // ---- sending -------------------------------------------------------------------------------------------------

    /**
     * Queues one data frame; see {@link Sender#data}.
     *
     * @return true if the frame is held in the batch rather than on its way to the network
     */
    boolean data(boolean text, Object payload, boolean last, boolean wholeMessage, FrameCompletion completion)
            throws IOException {
        return accepted(sender.data(text, payload, last, wholeMessage, completion));
    }

    /** Sends a ping or an unsolicited pong and waits until it reached the network. */
    void control(boolean ping, ByteBuffer payload) throws IOException {
        SendFuture sent = new SendFuture();
        accepted(ping ? sender.ping(payload, sent) : sender.pong(payload, sent));
        awaitBlocking(sent);
    }

    private boolean accepted(SendQueue.Offered offered) {
        if (offered == SendQueue.Offered.REFUSED) {
            String reason = Sender.queueFullReason(defaults.maxSendQueueBytes());
            abandon(ContainerClose.SEND_QUEUE_FULL, reason, new IOException(reason));
            return false;
        }
        return offered == SendQueue.Offered.HELD;
    }

    /**
     * Queues a return value's frame without writing it: the caller's turn writes it with {@link #flushReplies} once
     * its callbacks ran, together with the replies queued meanwhile. Fails as a blocking send does on a closed
     * session or a full queue.
     */
    void queueReply(Object encoded) throws IOException {
        SendFuture sent = new SendFuture();
        SendQueue.Offered offered = sender.dataWithoutWriting(encoded instanceof String, encoded, sent);
        if (!accepted(offered)) {
            owedReply = sent; // frames complete in order: waiting for the last waits for all before it
        }
    }

    /**
     * Writes the replies {@link #queueReply} left and waits for them as a blocking send would (the same timeout, the
     * same close when it runs out), so the reader does not run ahead of a peer that does not take them.
     *
     * @throws IOException the replies could not be written; the caller reports it to the endpoint's error method
     */
    void flushReplies() throws IOException {
        SendFuture owed = owedReply;
        owedReply = null;
        sender.writeQueued();
        if (owed != null) {
            awaitBlocking(owed);
        }
    }

    /** Waits for a blocking send, closing the session if the peer does not take the bytes in time. */
    void awaitBlocking(SendFuture sent) throws IOException {
        long timeoutMs = defaults.blockingSendTimeoutMs();
        if (sent.isDone()) {
            // The usual case, a write that finished on this thread: nothing to wait for, so none of the pool's
            // bookkeeping for a wait (two lambdas, a queue entry added and removed, counters) on every message.
            awaitDone(sent);
            return;
        }
        meters.recordBlockedSend();
        try {
            // A callback thread waiting for a slow peer does not hold up other sessions' callbacks (ElasticPool).
            boolean writeHere = queue.waiterMustWrite();
            ElasticPool.block(() -> {
                if (writeHere) {
                    writeHere(sent, timeoutMs);
                } else if (timeoutMs > 0) {
                    sent.get(timeoutMs, TimeUnit.MILLISECONDS);
                } else {
                    sent.get();
                }
            }, waitedMs -> {
                // Every callback thread waits for a peer and a task waits for a thread: this peer waited longest.
                String reason = "peer not reading: a blocking send waited " + waitedMs
                        + " ms while the server's callback threads were all taken";
                abandon(ContainerClose.SEND_PREEMPTED, reason, new SocketTimeoutException(reason));
            });
        } catch (TimeoutException e) {
            throw sendTimedOut(timeoutMs);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        }
    }

    /**
     * Waits for {@code sent} on a thread that must write the bytes itself ({@link Transport#waiterMustWrite}): the
     * write under way and those queued after it go out here, until this send's frames are out, the time is up, or
     * the send was given up elsewhere (a preemption, the container's budget, the session's end fail it).
     */
    private void writeHere(SendFuture sent, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!sent.isDone()) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (timeoutMs > 0 && leftMs <= 0) {
                throw new TimeoutException();
            }
            if (!queue.writeRestHere(timeoutMs > 0 ? leftMs : 0, () -> !sent.isDone())) {
                // Another thread writes it, or is between two writes: it finishes without this one's help.
                try {
                    sent.get(timeoutMs > 0 ? Math.min(leftMs, 10) : 10, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // look again
                } catch (ExecutionException e) {
                    break; // reported below
                }
            }
        }
        sent.get();
    }

    /** Gives up on a peer that did not take a blocking send's bytes in time; the exception for the sender. */
    private SocketTimeoutException sendTimedOut(long timeoutMs) {
        String reason = "blocking send not completed within " + timeoutMs + " ms";
        SocketTimeoutException timedOut = new SocketTimeoutException(reason);
        abandon(ContainerClose.SEND_TIMEOUT, reason, timedOut);
        return timedOut;
    }

    /** The result of a send that is complete already. */
    private static void awaitDone(SendFuture sent) throws IOException {
        try {
            sent.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        }
    }

    // ---- batching and timeouts ---------------------------------------------------------------------------------

    boolean batchingAllowed() {
        return batchingAllowed;
    }

    /** Turning batching off writes out what the batch holds, and waits for it (RemoteEndpoint javadoc). */
    void batchingAllowed(boolean allowed) throws IOException {
        boolean was = batchingAllowed;
        batchingAllowed = allowed;
        queue.batching(allowed);
        if (was && !allowed) {
            flushBatch();
        }
    }

    /**
     * Writes out the batch and blocks until it (and everything queued before) reached the network, or the blocking
     * send timeout closes the session. Without batching nothing is ever held, so there is nothing to wait for.
     */
    void flushBatch() throws IOException {
        if (!batchingAllowed && queue.batchBytes() == 0) {
            return;
        }
        awaitBlocking(queue.flush());
    }

    long asyncSendTimeout() {
        return timers.asyncSendTimeoutMs();
    }

    void asyncSendTimeout(long ms) {
        timers.asyncSendTimeoutMs(ms);
    }

    // ---- peers that do not read ----------------------------------------------------------------------------------

    /**
     * Gives up on a peer that does not take our bytes (a send timed out, a queue or the container's budget is over
     * its bound): every unsent frame fails with {@code cause} and its memory is freed now, our close frame with
     * {@code why}'s code and the reason goes out right behind the write in progress (as far as the peer's window
     * allows), and the connection is torn down after the close timeout at the latest. Sends fail from now on.
     */
    void abandon(ContainerClose why, String reason, IOException cause) {
        queue.abandon(cause);
        closing.close(why, reason);
    }

    Sender sender() {
        return sender;
    }

    /** This session as the container's send budget sees it. Made only while the budget is enforced. */
    SendBudget.Holder budgetHolder() {
        return new SendBudget.Holder() {
            @Override
            public long heldSendBytes() {
                return queue.heldBytes();
            }

            @Override
            public Runnable evict(String reason) {
                Runnable failSends = queue.detach(new IOException(reason));
                return () -> {
                    failSends.run();
                    closing.close(ContainerClose.SEND_BUDGET, reason);
                };
            }
        };
    }
}
