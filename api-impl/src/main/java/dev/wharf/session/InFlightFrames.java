package dev.wharf.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of the one transport write a {@link SendQueue} has outstanding, and their bytes. Not thread-safe:
 * guarded by its queue's lock; made on a session's first write, so an idle session holds none.
 */
final class InFlightFrames {

    private final List<QueuedFrame> frames = new ArrayList<>(WaitingFrames.INITIAL_SLOTS);
    private long bytes;

    /** Moves the next write's frames from {@code waiting} here and returns their buffers. */
    ByteBuffer[] takeFrom(WaitingFrames waiting) {
        frames.clear();
        long before = waiting.bytes();
        ByteBuffer[] buffers = waiting.takeWrite(frames);
        bytes += before - waiting.bytes();
        return buffers;
    }

    /** Bytes handed to the transport and not yet completed. */
    long bytes() {
        return bytes;
    }

    List<QueuedFrame> frames() {
        return frames;
    }

    /** Moves the frames into {@code dropped}: the write's own completion then finds nothing left to complete. */
    void drainTo(List<QueuedFrame> dropped) {
        dropped.addAll(frames);
        frames.clear();
    }

    /**
     * Ends the write when it held exactly one frame (a broadcast's and an echo's usual case): returns that frame
     * without allocating; null, changing nothing, for any other count ({@link #takeAll}).
     */
    QueuedFrame takeOnly() {
        if (frames.size() != 1) {
            return null;
        }
        QueuedFrame only = frames.get(0);
        frames.clear();
        bytes = 0;
        return only;
    }

    /** Ends the write: returns its frames, in order. */
    QueuedFrame[] takeAll() {
        QueuedFrame[] all = frames.toArray(new QueuedFrame[0]);
        frames.clear();
        bytes = 0;
        return all;
    }
}
