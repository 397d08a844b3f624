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
        REFUSED,
        /** Not taken ({@link #offerSharedBetweenMessages}): an application's fragmented message is partly queued. */
        MID_MESSAGE,
        /** Not taken ({@link #offerSharedBetweenMessages}): our close frame is queued. */
        AFTER_CLOSE
    }

    /** What queuing a frame tells the queue about the session's message stream, besides the frame itself. */
    private enum Mark {
        /** Nothing: a control frame, or a frame whose place its caller ordered otherwise. */
        NONE,
        /** A data frame that does not end its message: an application's fragmented message is now under way. */
        MESSAGE_PART,
        /** A data frame that ends its message (a whole one, or a fragmented one's last frame). */
        MESSAGE_END,
        /** Our close frame: nothing may follow it (RFC 6455 §5.5.1). */
        CLOSE,
        /** A broadcast frame that must go between messages and before any close frame, or not at all. */
        BETWEEN_MESSAGES
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
    /**
     * An application's fragmented message is partly queued (its first frame is in, its last is not), and our close
     * frame is queued: recorded with those frames under this lock, so that a broadcast checks both under the one lock
     * it takes anyway ({@link #offerSharedBetweenMessages}), not under the sender's as well. They fit the object's
     * alignment gap: a session is no bigger for them.
     */
    private boolean midMessage;
    private boolean closeQueued;
    private Throwable failure;
    /**
     * When the outstanding write went asynchronous (the transport returned without completing it) or last completed a
     * step, for stall detection; 0 when no write is outstanding (idle, or between writes that complete at once).
     */
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
        return offer(frame, completion, limit, control, null, true, Mark.NONE);
    }

    /**
     * As {@link #offer} for our close frame (a control frame, never refused): {@link #offerSharedBetweenMessages}
     * queues nothing after it.
     */
    Offered offerClose(ByteBuffer[] frame, FrameCompletion completion) {
        return offer(frame, completion, 0, true, null, true, Mark.CLOSE);
    }

    /**
     * As {@link #offer}, but never writes on the caller's thread: a frame released to the transport waits until
     * {@link #writeQueued()} (or a write in progress) takes it. For callers that queue under a lock of their own
     * (the sender's, which orders encoding): the network write then happens after they released it, so another thread
     * queuing to this session never waits behind a system call, and frames queued meanwhile share one write.
     */
    Offered offerWithoutWriting(ByteBuffer[] frame, FrameCompletion completion, long limit, boolean control) {
        return offer(frame, completion, limit, control, null, false, Mark.NONE);
    }

    /**
     * As {@link #offerWithoutWriting} for an application's data frame, recording whether it leaves a fragmented message
     * under way ({@code last} false) or ends one: from the first frame of such a message to its last,
     * {@link #offerSharedBetweenMessages} refuses. Recorded even when the frame is refused: the encoder moved on.
     */
    Offered offerDataWithoutWriting(ByteBuffer[] frame, FrameCompletion completion, long limit, boolean last) {
        return offer(frame, completion, limit, false, null, false, last ? Mark.MESSAGE_END : Mark.MESSAGE_PART);
    }

    /**
     * Queues a frame many queues hold (a broadcast), like a whole data frame: its bytes count toward {@code limit}
     * here, and against the budget once for all the queues holding it. The frame itself is queued (no entry or view
     * made here); a write takes a view of it.
     */
    Offered offerShared(SharedFrame frame, long limit) {
        return offer(null, FrameCompletion.NONE, limit, false, frame, true, Mark.NONE);
    }

    /** {@link #offerShared} without writing: see {@link #offerWithoutWriting}. */
    Offered offerSharedWithoutWriting(SharedFrame frame, long limit) {
        return offer(null, FrameCompletion.NONE, limit, false, frame, false, Mark.NONE);
    }

    /**
     * {@link #offerSharedWithoutWriting} for a caller that holds no lock of the session's (a room fan-out's fast path):
     * refuses with {@link Offered#MID_MESSAGE} while an application's fragmented message is partly queued (a
     * broadcast must not land inside it), and with {@link Offered#AFTER_CLOSE} once our close frame is queued. Both
     * are checked under this queue's lock, the one under which those frames are queued, so none of them can slip in
     * between the check and the broadcast frame's place in the queue.
     */
    Offered offerSharedBetweenMessages(SharedFrame frame, long limit) {
        return offer(null, FrameCompletion.NONE, limit, false, frame, false, Mark.BETWEEN_MESSAGES);
    }

    /**
     * Writes what {@link #offerWithoutWriting} left waiting, unless a write is in progress (that one takes it).
     * Call it without holding any lock the transport's completion could need.
     */
    void writeQueued() {
        ByteBuffer[] first;
        synchronized (this) {
            if (failure != null || (first = startWriting()) == null) {
                return;
            }
        }
        writeLoop(first);
    }

    /** See {@link Transport#waiterMustWrite}. */
    boolean waiterMustWrite() {
        return transport.waiterMustWrite();
    }

    /** See {@link Transport#writeRestHere}. Call it without holding this queue's lock. */
    boolean writeRestHere(long timeoutMs, BooleanSupplier stillWaiting) {
        return transport.writeRestHere(timeoutMs, stillWaiting);
    }

    /** {@code shared}: the frame, when it is a broadcast's ({@code frame} is then null), else null. */
    private Offered offer(ByteBuffer[] frame, FrameCompletion completion, long limit, boolean control,
            SharedFrame shared, boolean writeNow, Mark mark) {
        long size = 0;
        if (shared != null) {
            size = shared.size();
        } else {
            for (ByteBuffer b : frame) {
                size += b.remaining();
            }
        }
        Throwable failed;
        boolean overBudget = false;
        Offered offered = null;
        ByteBuffer[] first = null;
        synchronized (this) {
            if (mark != Mark.NONE) {
                if (mark == Mark.BETWEEN_MESSAGES) {
                    // the close first: a fragmented message cut short by our close never ends, and a caller told
                    // MID_MESSAGE would wait for its end
                    if (closeQueued) {
                        return Offered.AFTER_CLOSE;
                    }
                    if (midMessage) {
                        return Offered.MID_MESSAGE;
                    }
                } else if (mark == Mark.CLOSE) {
                    closeQueued = true;
                } else {
                    midMessage = mark == Mark.MESSAGE_PART;
                }
            }
            failed = failure;
            if (failed == null) {
                // the fields, not the synchronized getters: this runs once per member of every fan-out
                long queued = (waiting == null ? 0 : waiting.bytes()) + (batch == null ? 0 : batch.bytes());
                if ((!isEmpty(waiting) || !isEmpty(batch)) && limit > 0 && queued + size > limit) {
                    return Offered.REFUSED;
                }
                QueueEntry entry;
                if (charges != null && !abandoned && size > 0) {
                    entry = charges.charge(frame, size, completion, shared);
                    overBudget = charges.tookOverBudget();
                } else if (shared != null) { // no budget to hold a share in: a view counted as this queue's own
                    entry = new QueuedFrame(shared.view(), null, size, completion, false);
                } else {
                    entry = new QueuedFrame(null, frame, size, completion, false);
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
                if (offered == null && (!writeNow || (first = startWriting()) == null)) {
                    offered = Offered.QUEUED;
                }
            }
        }
        if (failed != null) {
            completion.done(failed);
            return Offered.QUEUED;
        }
        if (offered == null) {
            writeLoop(first);
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
        ByteBuffer[] first = null;
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
                if ((first = startWriting()) == null) {
                    return flushed;
                }
            }
        }
        if (failed != null) {
            flushed.done(failed);
            return flushed;
        }
        writeLoop(first);
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

    /**
     * Starts writing unless a write is in progress (that one takes what waits). Caller holds the lock.
     *
     * @return the first write's buffers, which the caller hands to {@link #writeLoop} once it released the lock; null
     *     when there is nothing to start
     */
    private ByteBuffer[] startWriting() {
        if (writing || isEmpty(waiting)) {
            return null;
        }
        writing = true;
        return nextWrite();
    }

    /**
     * Takes the next write's frames, or ends writing when none wait (or the queue failed). Caller holds the lock and
     * is the writer. Taking the next write under the same lock that started or ended the last one keeps a broadcast
     * member's write to three entries of the lock: here, its completion, and the caller's return from the transport.
     */
    private ByteBuffer[] nextWrite() {
        if (isEmpty(waiting) || failure != null) {
            writing = false;
            busySinceNanos = 0;
            return null;
        }
        if (inFlight == null) {
            inFlight = new InFlightFrames();
        }
        ByteBuffer[] buffers = inFlight.takeFrom(waiting);
        begin();
        return buffers;
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
        List<QueueEntry> dropped = new ArrayList<>();
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
            for (QueueEntry e : dropped) {
                e.releaseShare();
            }
        }
        return () -> {
            for (QueueEntry e : dropped) {
                e.completion().done(cause);
            }
        };
    }

    /** Moves the batch's and the waiting frames into {@code dropped}; under this queue's lock. */
    private void takeHeld(List<QueueEntry> dropped) {
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

    /** Whether a write is outstanding: the transport returned without completing it. Lock-free. */
    boolean writePending() {
        return busySinceNanos != 0;
    }

    /** Nanoseconds the current write has been outstanding without completing, 0 when idle. */
    long stalledNanos() {
        long since = busySinceNanos;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    /** Fails every held and waiting frame (and all later ones) with {@code cause}; the write in flight completes on its own. */
    void fail(Throwable cause) {
        List<QueueEntry> dropped;
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
        for (QueueEntry e : dropped) {
            e.completion().done(cause);
        }
    }

    /**
     * Writes {@code buffers} (taken by {@link #nextWrite}), then the next batches, until the queue is empty or a write
     * goes asynchronous. Writes that complete synchronously loop here instead of recursing, so a fast transport cannot
     * overflow the stack.
     */
    private void writeLoop(ByteBuffer[] buffers) {
        while (buffers != null) {
            transport.write(buffers, this);
            synchronized (this) {
                if (!returned()) {
                    // completes later on a transport thread, which continues the loop. The stall clock starts here,
                    // not per write: a write that completes at once never stalls, and reading the clock costs a call
                    busySinceNanos = System.nanoTime();
                    return;
                }
                buffers = nextWrite();
            }
        }
    }

    /**
     * Completes the write's frames. When none of them has a completion to run (broadcast frames) and the write
     * succeeded, the step ends under the same lock ({@link #finishStep}): one entry of the lock for the completion.
     * Otherwise the completions run first, outside the lock and in order, and the step ends after them, so the next
     * write's completions never overtake them.
     *
     * @return whether the caller of the write had not returned yet (it goes on with the loop itself)
     */
    @Override
    boolean written(IOException cause) {
        QueueEntry one;
        QueueEntry[] done;
        synchronized (this) {
            if (charges != null && !abandoned) {
                inFlight.releaseCharges(charges);
            }
            if (cause == null && inFlight.nothingToComplete()) {
                inFlight.clear();
                busySinceNanos = 0; // the loop goes on, here or in the caller, with no write outstanding for now
                return finishStep();
            }
            one = inFlight.takeOnly();
            done = one == null ? inFlight.takeAll() : null;
            busySinceNanos = writing ? System.nanoTime() : 0;
        }
        if (one != null) {
            one.completion().done(cause);
        } else {
            for (QueueEntry e : done) {
                e.completion().done(cause);
            }
        }
        if (cause != null) {
            fail(cause);
        }
        synchronized (this) {
            return finishStep();
        }
    }

    @Override
    void continueLoop() {
        ByteBuffer[] buffers;
        synchronized (this) {
            buffers = nextWrite();
        }
        writeLoop(buffers);
    }
}
