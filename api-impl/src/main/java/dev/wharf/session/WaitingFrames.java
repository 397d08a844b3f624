package dev.wharf.session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;

/**
 * The frames a {@link SendQueue} has released to the transport and not yet handed to a write, in order; small ones
 * are gathered into one write. Not thread-safe: guarded by its queue's lock.
 */
final class WaitingFrames {

    /** Small frames are gathered into one transport write up to this many bytes. */
    static final long GATHER_LIMIT = 64 * 1024;

    /** Slots to start with: a session rarely has more than a few frames waiting; the deque grows if needed. */
    static final int INITIAL_SLOTS = 4;

    private final ArrayDeque<QueuedFrame> frames = new ArrayDeque<>(INITIAL_SLOTS);
    private long bytes;

    void add(QueuedFrame frame) {
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
    void drainTo(Collection<QueuedFrame> target) {
        target.addAll(frames);
        frames.clear();
        bytes = 0;
    }

    /**
     * Takes the next write: the first frame, and the frames after it while the write stays within
     * {@link #GATHER_LIMIT}. They are added to {@code taken}; the returned buffers are theirs, in order. Not empty.
     */
    ByteBuffer[] takeWrite(List<QueuedFrame> taken) {
        long size = 0;
        int buffers = 0;
        int first = taken.size();
        do {
            QueuedFrame e = frames.poll();
            taken.add(e);
            size += e.size();
            buffers += e.buffers().length;
        } while (!frames.isEmpty() && size + frames.peek().size() <= GATHER_LIMIT);
        bytes -= size;
        if (taken.size() == first + 1) {
            return taken.get(first).buffers();
        }
        ByteBuffer[] gathered = new ByteBuffer[buffers];
        int i = 0;
        for (QueuedFrame e : taken.subList(first, taken.size())) {
            for (ByteBuffer b : e.buffers()) {
                gathered[i++] = b;
            }
        }
        return gathered;
    }
}
