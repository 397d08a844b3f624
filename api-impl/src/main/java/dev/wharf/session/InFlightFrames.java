package dev.wharf.session;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The frames of the one transport write a {@link SendQueue} has outstanding, and their bytes. Not thread-safe:
 * guarded by its queue's lock; made on a session's first write, so an idle session holds none.
 *
 * <p>Kept small because a session that wrote once keeps it: a plain array of entries (two slots to start, grown for
 * gathering writes) rather than a list, which leaves room for the one-slot array below at the same size.
 */
final class InFlightFrames {

    /** Entries to start with: most writes carry one or two frames. */
    private static final int INITIAL_SLOTS = 2;
    /** The longest gathering array kept for the next write. */
    private static final int KEPT_GATHER = 8;

    private QueueEntry[] frames = new QueueEntry[INITIAL_SLOTS];
    private int count;
    /**
     * The array a write of one single-buffer frame (a view of a broadcast frame) is handed in, reused write after write,
     * as a transport keeps the array only until it completes the write; emptied when the write ends, so an idle session
     * pins no frame.
     */
    private final ByteBuffer[] oneSlot = new ByteBuffer[1];
    /**
     * The array the last gathering write was handed in, reused by the next one of the same length (a room member's
     * writes usually gather as many frames as broadcasts overlap); emptied when the write ends. Only small ones are
     * kept: an array of {@link #KEPT_GATHER} slots at most stays with the session.
     */
    private ByteBuffer[] gather;
    private long bytes;

    /**
     * Takes the next write from {@code waiting}: its first frame, and the frames after it while the write stays within
     * {@link WaitingFrames#GATHER_LIMIT}. Returns their buffers, in order. {@code waiting} is not empty.
     */
    ByteBuffer[] takeFrom(WaitingFrames waiting) {
        count = 0;
        long size = 0;
        int buffers = 0;
        do {
            QueueEntry e = waiting.poll();
            add(e);
            size += e.size();
            buffers += e.bufferCount();
        } while (!waiting.isEmpty() && size + waiting.nextSize() <= WaitingFrames.GATHER_LIMIT);
        bytes += size;
        if (count == 1) {
            QueueEntry only = frames[0];
            if (only instanceof QueuedFrame own && own.one() == null) {
                return own.many();
            }
            only.putBuffers(oneSlot, 0);
            return oneSlot;
        }
        ByteBuffer[] gathered = gather;
        if (gathered == null || gathered.length != buffers) {
            gathered = new ByteBuffer[buffers];
            gather = buffers <= KEPT_GATHER ? gathered : null;
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            at = frames[i].putBuffers(gathered, at);
        }
        return gathered;
    }

    private void add(QueueEntry e) {
        if (count == frames.length) {
            frames = Arrays.copyOf(frames, count * 2);
        }
        frames[count++] = e;
    }

    /** Bytes handed to the transport and not yet completed. */
    long bytes() {
        return bytes;
    }

    /** Gives back what the write's frames hold of the budget. */
    void releaseCharges(QueueCharges charges) {
        charges.release(frames, count);
    }

    /** Moves the frames into {@code dropped}: the write's own completion then finds nothing left to complete. */
    void drainTo(List<QueueEntry> dropped) {
        for (int i = 0; i < count; i++) {
            dropped.add(frames[i]);
            frames[i] = null;
        }
        count = 0;
        // oneSlot and gather stay: the transport may still be writing from them; the write's completion empties them
    }

    /**
     * Ends the write when it held exactly one frame (a broadcast's and an echo's usual case): returns that frame
     * without allocating; null, changing nothing, for any other count ({@link #takeAll}).
     */
    QueueEntry takeOnly() {
        if (count != 1) {
            return null;
        }
        QueueEntry only = frames[0];
        frames[0] = null;
        count = 0;
        emptySlots();
        bytes = 0;
        return only;
    }

    /** Whether no frame of the write has a completion to run (broadcast frames): the write may end with {@link #clear}. */
    boolean nothingToComplete() {
        for (int i = 0; i < count; i++) {
            if (frames[i].completion() != FrameCompletion.NONE) {
                return false;
            }
        }
        return true;
    }

    /** Ends the write, keeping none of its frames: no array is made for completions that do nothing. */
    void clear() {
        Arrays.fill(frames, 0, count, null);
        count = 0;
        emptySlots();
        bytes = 0;
    }

    /** Empties the arrays a write was handed in: an idle session pins no frame. */
    private void emptySlots() {
        oneSlot[0] = null;
        if (gather != null) {
            Arrays.fill(gather, null);
        }
    }

    /** Ends the write: returns its frames, in order. */
    QueueEntry[] takeAll() {
        QueueEntry[] all = Arrays.copyOf(frames, count);
        Arrays.fill(frames, 0, count, null);
        count = 0;
        emptySlots();
        bytes = 0;
        return all;
    }
}
