package dev.wharf.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The larger segments a message's head arrives in ({@link MessageBytes}), lent while the head arrives and taken back
 * once the message's own array holds it (or it was copied out): the same few arrays serve message after message
 * instead of new ones that the allocating reader must zero. A 1 MiB message's head is 512 KiB of segments (64, 64,
 * 128 and 256 KiB), a third of what a 1 MiB echo allocated per message.
 *
 * <p>Segments of 64, 128 and 256 KiB, at most {@link #KEPT} of each: 1.75 MiB, kept only once large messages came.
 * Smaller segments (most messages) are not pooled. A segment that is handed to the application as a message's array
 * is never taken back. No lock: a fixed array of slots per size, as {@code ReadBuffers} in the servlet bridge.
 */
final class SegmentPool {

    /** The smallest pooled segment; the largest is {@link MessageBytes#MAX_SEGMENT}. */
    static final int SMALLEST = 64 * 1024;
    /** Segments kept per size: what a few large messages arriving at once use. */
    static final int KEPT = 4;
    static final SegmentPool SHARED = new SegmentPool(KEPT);

    /** Slots for 64, 128 and 256 KiB. */
    private final AtomicReferenceArray<byte[]>[] sizes;

    @SuppressWarnings("unchecked")
    SegmentPool(int kept) {
        int classes = Integer.numberOfTrailingZeros(MessageBytes.MAX_SEGMENT / SMALLEST) + 1;
        sizes = new AtomicReferenceArray[classes];
        for (int i = 0; i < classes; i++) {
            sizes[i] = new AtomicReferenceArray<>(kept);
        }
    }

    /** The length of the pooled segment to use for a segment of {@code length} bytes, or -1 if none is pooled. */
    static int pooledLength(long length) {
        return length < SMALLEST ? -1 : Integer.highestOneBit((int) Math.min(length, MessageBytes.MAX_SEGMENT));
    }

    /** A segment of {@code length} (a {@link #pooledLength}); its old bytes are not cleared. */
    byte[] take(int length) {
        AtomicReferenceArray<byte[]> slots = sizes[Integer.numberOfTrailingZeros(length / SMALLEST)];
        for (int i = 0; i < slots.length(); i++) {
            byte[] segment = slots.getAndSet(i, null);
            if (segment != null) {
                return segment;
            }
        }
        return new byte[length];
    }

    /** Takes back a segment from {@link #take} that nothing else refers to; dropped when its size's slots are full. */
    void giveBack(byte[] segment) {
        AtomicReferenceArray<byte[]> slots = sizes[Integer.numberOfTrailingZeros(segment.length / SMALLEST)];
        for (int i = 0; i < slots.length(); i++) {
            if (slots.compareAndSet(i, null, segment)) {
                return;
            }
        }
    }

    /** Segments waiting in the slots now (tests). */
    int kept() {
        int kept = 0;
        for (AtomicReferenceArray<byte[]> slots : sizes) {
            for (int i = 0; i < slots.length(); i++) {
                kept += slots.get(i) == null ? 0 : 1;
            }
        }
        return kept;
    }
}
