package dev.wharf.session;

import java.util.ArrayDeque;
import java.util.Collection;

/**
 * The data frames a {@link SendQueue} holds back while the application batches
 * ({@code RemoteEndpoint.setBatchingAllowed(true)}), in order, until a flush, a control frame or the batch passing
 * {@link #LIMIT} releases them. Not thread-safe: guarded by its queue's lock.
 */
final class FrameBatch {

    /**
     * A batch that grows past this many bytes is written out without waiting for a flush: the application asked for
     * fewer writes, not for unbounded buffering. Equal to the gather limit, so a full batch is one write.
     */
    static final long LIMIT = WaitingFrames.GATHER_LIMIT;

    private final ArrayDeque<QueueEntry> held = new ArrayDeque<>(WaitingFrames.INITIAL_SLOTS);
    private long bytes;
    private boolean on;

    /** Turns holding data frames on or off; turning it off releases nothing. */
    void on(boolean batching) {
        on = batching;
    }

    /** Whether a frame of this kind is held: data frames while batching; never a control frame. */
    boolean holds(boolean control) {
        return on && !control;
    }

    /** Holds a frame. @return false when the batch is now over {@link #LIMIT} and must be released */
    boolean hold(QueueEntry frame) {
        held.add(frame);
        bytes += frame.size();
        return bytes <= LIMIT;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Bytes held. */
    long bytes() {
        return bytes;
    }

    /** Moves the held frames, in order, to the end of {@code target}. @return their bytes */
    long drainTo(Collection<QueueEntry> target) {
        long drained = bytes;
        target.addAll(held);
        held.clear();
        bytes = 0;
        return drained;
    }
}
