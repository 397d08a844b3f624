package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * The bytes of one whole message while it arrives: filled in place by the caller ({@link #room}, {@link #array},
 * {@link #at}, {@link #filled}) and handed over as one array when it ends.
 *
 * <p>Memory follows the bytes that arrived, never the length a header announces (issue #19): what it holds is at
 * most twice the bytes received (or {@link #MIN_SEGMENT}). Within that bound it avoids what made a 1 MiB message cost
 * most of its time: an array grown by doubling passes through 512 KiB on its way to 1 MiB, and on a heap of under
 * 2 GiB (G1's 1 MiB regions) both are "humongous", allocated outside the young generation, and each such allocation
 * can start a collection (a 1 MiB echo measured ~90 collections and ~1 s of pauses in 6 s, every one caused by a
 * humongous allocation). So the message's head goes into segments of at most {@link #MAX_SEGMENT} (young, never
 * humongous, never copied while it grows), and once half of a message whose final length is known has arrived, the
 * array of exactly that length is allocated, the head copied in, and the rest written straight into it: one large
 * array per message, the one handed over. A message whose final frame's length is not known yet (fragmented) stays in
 * segments and is copied into its exact array at the end. Segments of 64 KiB and more come from a {@link
 * SegmentPool} and go back to it once their bytes were copied out.
 *
 * <p>One reader thread at a time (the engine's).
 */
final class MessageBytes {

    /** The smallest segment: a message arriving a few bytes at a time is not an array per read. */
    static final int MIN_SEGMENT = 1024;
    /** The largest segment: well under G1's smallest humongous threshold (half of a 1 MiB region). */
    static final int MAX_SEGMENT = 256 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final SegmentPool pool;

    /** The segment being filled, or null before the first byte; or the message's own array. */
    private byte[] current;
    /** Whether {@link #current} is a segment (else the message's own array, or null). */
    private boolean currentIsSegment;
    private int fill;
    /** Earlier segments, each full; null while there is one segment (every small message). */
    private byte[][] full;
    private int fullCount;
    private long size;
    /** The message's length once its final frame's header arrived; else -1. */
    private long finalSize = -1;

    MessageBytes() {
        this(SegmentPool.SHARED);
    }

    MessageBytes(SegmentPool pool) {
        this.pool = pool;
    }

    /** The message's final length (its final frame's header arrived), or -1 while unknown. */
    void expect(long finalSize) {
        this.finalSize = finalSize;
    }

    /** Bytes written so far. */
    long size() {
        return size;
    }

    /** Bytes of arrays held now (tests of what arriving bytes cost). */
    int capacity() {
        long held = current == null ? 0 : current.length;
        for (int i = 0; i < fullCount; i++) {
            held += full[i].length;
        }
        return (int) held;
    }

    /**
     * Makes room for up to {@code want} (> 0) more bytes in {@link #array} at {@link #at} and returns how many fit
     * there (at least one); the caller writes them and calls {@link #filled}. With the final length known, {@code
     * want} must not pass it.
     */
    int room(int want) {
        if (current == null || fill == current.length) {
            if (finalSize >= 0 && 2 * (size + want) >= finalSize) {
                toFinalArray();
            } else {
                nextSegment(want);
            }
        }
        return Math.min(want, current.length - fill);
    }

    /** The array to write into after {@link #room}. */
    byte[] array() {
        return current;
    }

    /** Where in {@link #array} the next byte goes. */
    int at() {
        return fill;
    }

    /** {@code n} bytes (no more than {@link #room} returned) were written at {@link #at}. */
    void filled(int n) {
        fill += n;
        size += n;
    }

    /** The message, in an array of exactly its length (no copy when it is already one); then empty again. */
    ByteBuffer takeWhole() {
        byte[] whole;
        if (fullCount == 0 && current != null && fill == current.length) {
            whole = current;
            currentIsSegment = false; // the application's now: never back to the pool
        } else {
            whole = copyAll();
        }
        clear(false);
        return ByteBuffer.wrap(whole);
    }

    /** The message's bytes from index 0 of the returned array ({@link #size} of them); valid until {@link #clear}. */
    byte[] contiguous() {
        if (fullCount == 0) {
            return current == null ? EMPTY : current;
        }
        byte[] all = copyAll();
        releaseSegments();
        current = all;
        fill = all.length;
        return all;
    }

    /** Empty for the next message; a single segment of at most {@code keepUpTo} bytes is kept for it. */
    void clear(int keepUpTo) {
        clear(fullCount == 0 && current != null && current.length <= keepUpTo);
    }

    private void clear(boolean keepCurrent) {
        if (!keepCurrent) {
            releaseSegments();
        } else {
            full = null; // none: a single segment is the only one kept
            fullCount = 0;
        }
        fill = 0;
        size = 0;
        finalSize = -1;
    }

    /** Half the message has arrived (or arrives now): its own array, with what came so far copied in. */
    private void toFinalArray() {
        byte[] whole = new byte[(int) finalSize];
        int at = copyInto(whole);
        releaseSegments();
        current = whole;
        fill = at;
    }

    /** Drops every segment and the current array, giving the pooled ones back (their bytes were copied out). */
    private void releaseSegments() {
        for (int i = 0; i < fullCount; i++) {
            giveBack(full[i]);
        }
        if (currentIsSegment) {
            giveBack(current);
        }
        full = null;
        fullCount = 0;
        current = null;
        currentIsSegment = false;
    }

    private void giveBack(byte[] segment) {
        if (SegmentPool.pooledLength(segment.length) == segment.length) {
            pool.giveBack(segment);
        }
    }

    /** A new segment as large as what arrived so far (doubling the room), within the segment bounds. */
    private void nextSegment(int want) {
        long length = Math.min(MAX_SEGMENT, Math.max(MIN_SEGMENT, Math.max(want, size)));
        if (finalSize >= 0) {
            length = Math.min(length, finalSize - size);
        }
        if (current != null) {
            if (full == null) {
                full = new byte[4][];
            } else if (fullCount == full.length) {
                full = java.util.Arrays.copyOf(full, 2 * fullCount);
            }
            full[fullCount++] = current;
        }
        int pooled = SegmentPool.pooledLength(length);
        current = pooled > 0 ? pool.take(pooled) : new byte[(int) length];
        currentIsSegment = true;
        fill = 0;
    }

    private byte[] copyAll() {
        byte[] all = new byte[(int) size];
        copyInto(all);
        return all;
    }

    /** Copies every byte so far to the start of {@code target}; returns how many. */
    private int copyInto(byte[] target) {
        int at = 0;
        for (int i = 0; i < fullCount; i++) {
            System.arraycopy(full[i], 0, target, at, full[i].length);
            at += full[i].length;
        }
        if (current != null) {
            System.arraycopy(current, 0, target, at, fill);
            at += fill;
        }
        return at;
    }
}
