package dev.wharf.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The frames of one session waiting for the transport, in the order they were encoded. One transport write is
 * outstanding at a time; when several small frames wait, they go out together in one gathering write.
 *
 * <p>Batching ({@code RemoteEndpoint.setBatchingAllowed(true)}): data frames are held back in a {@link FrameBatch}
 * instead of going to the transport, until {@link #flush()}, a control frame (which must never wait behind data the
 * application chose to hold), or the batch passing {@link #BATCH_LIMIT} releases them, in order, to be written
 * together.
 *
 * <p>Bounded in bytes: a peer that stops reading cannot make the server buffer without limit. Thread-safe: frames
 * are queued from sender threads and from the reader (pongs, close replies); writes complete on transport threads.
 *
 * <p>With one write outstanding at a time, the queue is its own write callback ({@link WriteStep}): a write allocates
 * no callback object, and the step's two flags fit in the queue's padding, so a session carries no field for it.
 */
final class SendQueue extends WriteStep {

    /** What {@link #offer} did with a frame. */
    enum Offered {
        /** Released to the transport: its completion runs once it is written (or fails). */
        QUEUED,
        /** Held in the batch: its completion runs once a flush writes it (or fails). */
        HELD,
        /** Not taken: the queue is over its byte limit. The completion was not called. */
        REFUSED
    }

    /** See {@link FrameBatch#LIMIT}. */
    static final long BATCH_LIMIT = FrameBatch.LIMIT;

    private final Transport transport;
    /** The container-wide bound on bytes held for peers; null for none. */
    private final SendBudget budget;
    /** This queue's account in {@link #budget}; null for none. Guarded by this. */
    private final QueueCharges charges;
    // The three collections are created on first use, and kept: an idle connection holds none of them, and most
    // sessions never batch. Guarded by this, as everything below.
    private WaitingFrames waiting;
    /** Frames held back while batching; all of them go before anything queued after. Made when batching starts. */
    private FrameBatch batch;
    /** The frames of the write under way; made on the first write. */
    private InFlightFrames inFlight;
    /**
     * Given up on ({@link #abandon}): nothing here counts against the budget any more. Written under this queue's
     * lock, read without it too ({@link #abandoned()}).
     */
    private volatile boolean abandoned;
    private boolean writing;
    private Throwable failure;
    /** When the outstanding write started or last completed a step, for stall detection; 0 when idle. */
    private volatile long busySinceNanos;

    SendQueue(Transport transport) {
        this(transport, null);
    }

    SendQueue(Transport transport, SendBudget budget) {
        this.transport = transport;
        this.budget = budget;
        this.charges = budget == null ? null : new QueueCharges(budget);
    }

    /**
     * Queues one encoded frame. Refuses it when other frames already wait and this one would take the queued bytes
     * (held or waiting) past {@code limit} (a single frame larger than the limit is accepted into an empty queue, so
     * one big message can always be sent). While batching, a data frame is held; a control frame first releases the
     * batch, so it goes out right after it. A frame queued after {@link #fail} completes with that failure.
     */
    Offered offer(ByteBuffer[] frame, FrameCompletion completion, long limit, boolean control) {
        return offer(null, frame, completion, limit, control, null, true);
    }

    /**
     * As {@link #offer}, but never writes on the caller's thread: a frame released to the transport waits until
     * {@link #writeQueued()} (or a write in progress) takes it. For callers that queue under a lock of their own
     * (the sender's, which orders encoding): the network write then happens after they released it, so another thread
     * queuing to this session never waits behind a system call, and frames queued meanwhile share one write.
     */
    Offered offerWithoutWriting(ByteBuffer[] frame, FrameCompletion completion, long limit, boolean control) {
        return offer(null, frame, completion, limit, control, null, false);
    }

    /**
     * Queues a view of a frame many queues hold (a broadcast), like a whole data frame: its bytes count toward
     * {@code limit} here, and against the budget once for all the queues holding it.
     */
    Offered offerShared(SharedFrame frame, long limit) {
        return offer(frame.view(), null, FrameCompletion.NONE, limit, false, frame, true);
    }

    /** {@link #offerShared} without writing: see {@link #offerWithoutWriting}. */
    Offered offerSharedWithoutWriting(SharedFrame frame, long limit) {
        return offer(frame.view(), null, FrameCompletion.NONE, limit, false, frame, false);
    }

    /**
     * Writes what {@link #offerWithoutWriting} left waiting, unless a write is in progress (that one takes it).
     * Call it without holding any lock the transport's completion could need.
     */
    void writeQueued() {
        synchronized (this) {
            if (failure != null || !startWriting()) {
                return;
            }
        }
        writeLoop();
    }

    /** See {@link Transport#waiterMustWrite}. */
    boolean waiterMustWrite() {
        return transport.waiterMustWrite();
    }

    /** See {@link Transport#writeRestHere}. Call it without holding this queue's lock. */
    boolean writeRestHere(long timeoutMs, BooleanSupplier stillWaiting) {
        return transport.writeRestHere(timeoutMs, stillWaiting);
    }

    /** {@code one}: the frame's bytes as one buffer (a shared frame's view, no array made for it), else null. */
    private Offered offer(ByteBuffer one, ByteBuffer[] frame, FrameCompletion completion, long limit, boolean control,
            SharedFrame shared, boolean writeNow) {
        long size = 0;
        if (one != null) {
            size = one.remaining();
        } else {
            for (ByteBuffer b : frame) {
                size += b.remaining();
            }
        }
        Throwable failed;
        boolean overBudget = false;
        Offered offered = null;
        synchronized (this) {
            failed = failure;
            if (failed == null) {
                long queued = waitingBytes() + batchBytes();
                if ((!isEmpty(waiting) || !isEmpty(batch)) && limit > 0 && queued + size > limit) {
                    return Offered.REFUSED;
                }
                QueuedFrame entry;
                if (charges != null && !abandoned && size > 0) {
                    entry = charges.charge(one, frame, size, completion, shared);
                    overBudget = charges.tookOverBudget();
                } else {
                    entry = new QueuedFrame(one, frame, size, completion, false, null);
                }
                if (batch != null && batch.holds(control)) {
                    if (batch.hold(entry)) {
                        offered = Offered.HELD;
                    } else {
                        releaseBatch(); // over the bound: this frame and those before it go out now
                    }
                } else {
                    releaseBatch();
                    waiting().add(entry);
                }
                if (offered == null && (!writeNow || !startWriting())) {
                    offered = Offered.QUEUED;
                }
            }
        }
        if (failed != null) {
            completion.done(failed);
            return Offered.QUEUED;
        }
        if (offered == null) {
            writeLoop();
            offered = Offered.QUEUED;
        }
        // Outside the lock, which no one may hold while waiting for the budget's: when this frame took the container
        // over its budget, the biggest holders are given up before this send returns. A control frame is the
        // container's own, queued on a host's reading thread or the timer, and a host thread lent to run callbacks
        // (Jetty's, Tomcat's readers) serves other connections too: neither waits for another thread's enforcement
        // (SendBudget).
        if (overBudget) {
            if (control || ElasticPool.onLentHostThread()) {
                budget.enforceWithoutWaiting();
            } else {
                budget.enforce();
            }
        }
        return offered;
    }

    /** Turns holding data frames on or off. Turning it off does not flush: call {@link #flush()} for that. */
    synchronized void batching(boolean on) {
        if (batch == null) {
            if (!on) {
                return;
            }
            batch = new FrameBatch();
        }
        batch.on(on);
    }

    /**
     * Releases the batch to the transport. The returned future completes once every frame queued before this call is
     * written, or with the failure that stopped them; at once if nothing is queued or being written.
     */
    SendFuture flush() {
        SendFuture flushed = new SendFuture();
        Throwable failed;
        synchronized (this) {
            failed = failure;
            if (failed == null) {
                if (isEmpty(batch) && !writing) {
                    flushed.done(null);
                    return flushed;
                }
                releaseBatch();
                // An empty entry: it completes after the frames before it, in order; gathered with them into their
                // write, it adds nothing to it.
                waiting().add(new QueuedFrame(new ByteBuffer[0], 0, flushed));
                if (!startWriting()) {
                    return flushed;
                }
            }
        }
        if (failed != null) {
            flushed.done(failed);
            return flushed;
        }
        writeLoop();
        return flushed;
    }

    /** Bytes held in the batch. */
    synchronized long batchBytes() {
        return batch == null ? 0 : batch.bytes();
    }

    /** Moves the held frames, in order, in front of anything queued after them. Caller holds the lock. */
    private void releaseBatch() {
        if (!isEmpty(batch)) {
            waiting().addAll(batch);
        }
    }

    /** The queue of frames released to the transport, created on first use. Caller holds the lock. */
    private WaitingFrames waiting() {
        if (waiting == null) {
            waiting = new WaitingFrames();
        }
        return waiting;
    }

    private static boolean isEmpty(WaitingFrames frames) {
        return frames == null || frames.isEmpty();
    }

    private static boolean isEmpty(FrameBatch batch) {
        return batch == null || batch.isEmpty();
    }

    /** @return true if the caller must run the write loop (no write was in progress). Caller holds the lock. */
    private boolean startWriting() {
        if (writing || isEmpty(waiting)) {
            return false;
        }
        writing = true;
        busySinceNanos = System.nanoTime();
        return true;
    }

    /** Bytes waiting for the transport, not counting the write in progress. */
    synchronized long waitingBytes() {
        return waiting == null ? 0 : waiting.bytes();
    }

    /**
     * Bytes held for the peer: batched, waiting and being written, shared frames in full (the budget counts those
     * once for all their holders); what ranks the holders when the budget is exceeded.
     */
    synchronized long heldBytes() {
        return abandoned ? 0 : waitingBytes() + batchBytes() + (inFlight == null ? 0 : inFlight.bytes());
    }

    /**
     * Gives up on the peer (it does not read): every held and waiting frame fails with {@code cause} now, and so do
     * the completions of the frames being written (their bytes stay with the transport until it is closed; as whole
     * frames, a close frame may still follow them). Unlike {@link #fail}, frames queued later are still taken: the
     * close frame goes out right behind the write in progress, as far as the peer's window allows. Nothing of this
     * queue counts against the budget any more.
     */
    void abandon(Throwable cause) {
        detach(cause).run();
    }

    /**
     * {@link #abandon} in two steps: this one gives the queue up and frees its bytes at once; the returned one fails
     * the dropped frames' completions, which may run application code, so the caller runs it outside its own locks.
     */
    Runnable detach(Throwable cause) {
        List<QueuedFrame> dropped = new ArrayList<>();
        synchronized (this) {
            if (abandoned) {
                return () -> { };
            }
            abandoned = true;
            if (charges != null) {
                charges.releaseAll();
            }
            takeHeld(dropped);
            if (inFlight != null) {
                inFlight.drainTo(dropped);
            }
            for (QueuedFrame e : dropped) {
                e.releaseShare();
            }
        }
        return () -> {
            for (QueuedFrame e : dropped) {
                e.completion().done(cause);
            }
        };
    }

    /** Moves the batch's and the waiting frames into {@code dropped}; under this queue's lock. */
    private void takeHeld(List<QueuedFrame> dropped) {
        if (batch != null) {
            batch.drainTo(dropped);
        }
        if (waiting != null) {
            waiting.drainTo(dropped);
        }
    }

    /** Whether the peer was given up on ({@link #abandon}, {@link #detach}): it does not read. */
    boolean abandoned() {
        return abandoned;
    }

    /** Whether nothing is queued or being written. */
    synchronized boolean isIdle() {
        return !writing && isEmpty(waiting);
    }

    /** Nanoseconds the current write has been outstanding without completing, 0 when idle. */
    long stalledNanos() {
        long since = busySinceNanos;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    /** Fails every held and waiting frame (and all later ones) with {@code cause}; the write in flight completes on its own. */
    void fail(Throwable cause) {
        List<QueuedFrame> dropped;
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = cause;
            dropped = new ArrayList<>();
            takeHeld(dropped);
            if (charges != null && !abandoned) {
                charges.release(dropped);
            }
        }
        for (QueuedFrame e : dropped) {
            e.completion().done(cause);
        }
    }

    /**
     * Writes batches until the queue is empty or a write goes asynchronous. Writes that complete synchronously
     * loop here instead of recursing, so a fast transport cannot overflow the stack.
     */
    private void writeLoop() {
        while (true) {
            ByteBuffer[] buffers;
            synchronized (this) {
                if (isEmpty(waiting) || failure != null) {
                    writing = false;
                    busySinceNanos = 0;
                    return;
                }
                if (inFlight == null) {
                    inFlight = new InFlightFrames();
                }
                buffers = inFlight.takeFrom(waiting);
                begin();
            }
            transport.write(buffers, this);
            if (!returned()) {
                return; // completes later on a transport thread, which continues the loop
            }
        }
    }

    private void completeInFlight(Throwable cause) {
        QueuedFrame one = null;
        QueuedFrame[] done = null;
        synchronized (this) {
            if (charges != null && !abandoned) {
                inFlight.releaseCharges(charges);
            }
            one = inFlight.takeOnly();
            done = one == null ? inFlight.takeAll() : null;
            busySinceNanos = writing ? System.nanoTime() : 0;
        }
        if (one != null) {
            one.completion().done(cause);
            return;
        }
        for (QueuedFrame e : done) {
            e.completion().done(cause);
        }
    }

    /** A write of {@link #writeLoop} ended: completes its frames; then the loop goes on. */
    @Override
    void written(IOException failure) {
        completeInFlight(failure);
        if (failure != null) {
            fail(failure);
        }
    }

    @Override
    void continueLoop() {
        writeLoop();
    }
}
