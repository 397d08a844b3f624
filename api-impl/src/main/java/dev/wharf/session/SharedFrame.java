package dev.wharf.session;

import java.nio.ByteBuffer;

/**
 * One framed buffer held by many send queues (a room broadcast), counted once against the container's
 * {@link SendBudget}: the first queue to hold it reserves its bytes, the last to write or drop it releases them. A
 * queue of another budget (another container) counts it as its own bytes instead.
 *
 * <p>Thread-safe; its lock is a leaf (taken under a queue's lock, never awaiting another).
 */
final class SharedFrame {

    private final ByteBuffer frame;
    private final int size;
    /** The budget its bytes are reserved in while held; guarded by this. */
    private SendBudget budget;
    private int holders;

    SharedFrame(ByteBuffer frame) {
        this.frame = frame;
        this.size = frame.remaining();
    }

    /** A view of the bytes for one queue (no copy). */
    ByteBuffer view() {
        return frame.duplicate();
    }

    int size() {
        return size;
    }

    /**
     * One more queue of {@code queueBudget} holds it.
     *
     * @return the bytes the caller must reserve in its budget now (all of them for the first holder, else 0), or -1
     *     when it is held for another budget: the caller then counts the bytes as its own and must not {@link #release}
     */
    synchronized long hold(SendBudget queueBudget) {
        if (holders == 0) {
            budget = queueBudget;
            holders = 1;
            return size;
        }
        if (queueBudget != budget) {
            return -1;
        }
        holders++;
        return 0;
    }

    /** A holder wrote or dropped it; the last one releases its bytes from the budget. */
    synchronized void release() {
        if (--holders == 0) {
            budget.release(size);
            budget = null;
        }
    }

    /** Queues holding it now (tests). */
    synchronized int holders() {
        return holders;
    }
}
