package dev.wharf.session;

import java.util.ArrayDeque;
import java.util.Collection;

/**
 * The frames a {@link SendQueue} has released to the transport and not yet handed to a write, in order; small ones
 * are gathered into one write. Not thread-safe: guarded by its queue's lock.
 */
final class WaitingFrames {

    /** Small frames are gathered into one transport write up to this many bytes. */
    static final long GATHER_LIMIT = 64 * 1024;

    /** Slots to start with: a session rarely has more than a few frames waiting; the deque grows if needed. */
    static final int INITIAL_SLOTS = 4;

    private final ArrayDeque<QueueEntry> frames = new ArrayDeque<>(INITIAL_SLOTS);
    private long bytes;

    void add(QueueEntry frame) {
        frames.add(frame);
        bytes += frame.size();
    }

    /** Appends the batch's frames, in order. */
    void addAll(FrameBatch batch) {
        bytes += batch.drainTo(frames);
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Bytes waiting. */
    long bytes() {
        return bytes;
    }

    /** Moves every waiting frame to {@code target}. */
    void drainTo(Collection<QueueEntry> target) {
        target.addAll(frames);
        frames.clear();
        bytes = 0;
    }

    /** Takes the next frame out; the queue is not empty. */
    QueueEntry poll() {
        QueueEntry e = frames.poll();
        bytes -= e.size();
        return e;
    }

    /** The size of the next frame; the queue is not empty. */
    long nextSize() {
        return frames.peek().size();
    }
}
