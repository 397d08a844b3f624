package dev.wharf.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * One framed buffer held by many send queues (a room broadcast), counted once against the container's
 * {@link SendBudget}: the first queue to hold it reserves its bytes, the last to write or drop it releases them (and
 * a queue that holds it again after that reserves them again). The first holder binds the frame to its budget for
 * good: a queue of another budget (another container) counts it as its own bytes instead.
 *
 * <p>Thread-safe without a lock: a broadcaster's thread takes a hold per member while the thread writing to the
 * members (another fan-out's, see {@code rooms.FanOutWrites}) releases them, so the count is one atomic add each way
 * rather than a monitor both threads enter per member.
 *
 * <p>A queue holding a share queues the frame itself ({@link QueueEntry}): no entry object or view per member is made
 * when a fan-out queues it, only a view when a write takes it.
 */
final class SharedFrame implements QueueEntry {

    private static final VarHandle HOLDERS;
    private static final VarHandle BUDGET;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HOLDERS = lookup.findVarHandle(SharedFrame.class, "holders", int.class);
            BUDGET = lookup.findVarHandle(SharedFrame.class, "budget", SendBudget.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ByteBuffer frame;
    private final int size;
    /** The budget its bytes are reserved in while held: set by the first holder, never changed. */
    private volatile SendBudget budget;
    /** Queues of {@link #budget} holding it now. */
    private volatile int holders;

    SharedFrame(ByteBuffer frame) {
        this.frame = frame;
        this.size = frame.remaining();
    }

    /** A view of the bytes for one queue (no copy). */
    ByteBuffer view() {
        return frame.duplicate();
    }

    @Override
    public long size() {
        return size;
    }

    /** A broadcast frame completes nothing: no one waits for one member's write of it. */
    @Override
    public FrameCompletion completion() {
        return FrameCompletion.NONE;
    }

    @Override
    public int bufferCount() {
        return 1;
    }

    @Override
    public int putBuffers(ByteBuffer[] target, int at) {
        target[at] = view();
        return at + 1;
    }

    /** Its bytes are counted once for all holders, never in one queue's name. */
    @Override
    public long chargedBytes() {
        return 0;
    }

    @Override
    public void releaseShare() {
        release();
    }

    /**
     * One more queue of {@code queueBudget} holds it.
     *
     * @return the bytes the caller must reserve in its budget now (all of them when no queue held it, else 0), or -1
     *     when it is bound to another budget: the caller then counts the bytes as its own and must not {@link #release}
     */
    long hold(SendBudget queueBudget) {
        SendBudget bound = budget;
        if (bound == null) {
            bound = (SendBudget) BUDGET.compareAndExchange(this, (SendBudget) null, queueBudget);
            if (bound == null) {
                bound = queueBudget; // this call bound it
            }
        }
        if (bound != queueBudget) {
            return -1;
        }
        return (int) HOLDERS.getAndAdd(this, 1) == 0 ? size : 0;
    }

    /** A holder wrote or dropped it; the last one releases its bytes from the budget. */
    void release() {
        if ((int) HOLDERS.getAndAdd(this, -1) == 1) {
            budget.release(size);
        }
    }

    /** Queues holding it now (tests). */
    int holders() {
        return holders;
    }
}
