package dev.wharf.session;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What one {@link SendQueue} holds of the container's {@link SendBudget}: its frames' bytes, a shared frame's only
 * for its first holder (the budget counts a broadcast once). Not thread-safe: guarded by its queue's lock.
 */
final class QueueCharges {

    private final SendBudget budget;
    /** Bytes reserved for the frames the queue holds, shared frames excluded. */
    private long chargedBytes;
    private boolean overBudget;

    QueueCharges(SendBudget budget) {
        this.budget = budget;
    }

    /**
     * Reserves a new frame's bytes in the budget: all of {@code frame}'s, or for {@code shared} (when not null), the
     * whole frame if this queue is its first holder and nothing otherwise.
     *
     * @return the queue's entry for the frame, holding what it was charged: {@code shared} itself when the queue holds
     *     a share of it (no object made), else a new entry
     */
    QueueEntry charge(ByteBuffer[] frame, long size, FrameCompletion completion, SharedFrame shared) {
        if (shared != null) {
            long first = shared.hold(budget);
            if (first >= 0) {
                // a shared frame's later holders reserve nothing: no touch of the container-wide counter, which every
                // broadcasting thread would otherwise update once per member
                overBudget = first > 0 && budget.reserve(first);
                return shared;
            }
        }
        overBudget = budget.reserve(size);
        chargedBytes += size;
        // a shared frame bound to another budget (another container's) counts here as this queue's own bytes
        return shared != null ? new QueuedFrame(shared.view(), null, size, completion, true)
                : new QueuedFrame(null, frame, size, completion, true);
    }

    /** Whether the last {@link #charge} took the container over its budget: the caller enforces it, outside its lock. */
    boolean tookOverBudget() {
        return overBudget;
    }

    /** Gives back what the entries held: their own bytes, and their shares of shared frames. */
    void release(List<QueueEntry> entries) {
        release(entries.toArray(new QueueEntry[0]), entries.size());
    }

    /** {@link #release(List)} for {@code entries[0 .. count)}: a completed write's, with no list or iterator. */
    void release(QueueEntry[] entries, int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            QueueEntry e = entries[i];
            bytes += e.chargedBytes();
            e.releaseShare();
        }
        chargedBytes -= bytes;
        budget.release(bytes);
    }

    /** Gives back every byte the queue was charged for its own frames (shares are released by the entries). */
    void releaseAll() {
        budget.release(chargedBytes);
        chargedBytes = 0;
    }
}
