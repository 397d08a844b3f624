package dev.wharf.session;

import java.nio.ByteBuffer;

/**
 * One frame (or an empty flush marker) in a {@link SendQueue}, with what it holds of the container's send budget.
 *
 * @param one the frame's bytes when they are one buffer queued alone (a view of a broadcast frame): no array is made
 *     for it; null when {@code many} holds them
 * @param many the frame's bytes, written in order, when not {@code one}
 * @param size their total length
 * @param completion told once whether the frame reached the network
 * @param charged whether the queue reserved {@code size} bytes in the budget for it (false for a shared frame counted
 *     once, or when no budget applies)
 * @param shared the shared frame this entry holds a share of in the budget, or null
 */
record QueuedFrame(ByteBuffer one, ByteBuffer[] many, long size, FrameCompletion completion, boolean charged,
        SharedFrame shared) {

    QueuedFrame(ByteBuffer[] buffers, long size, FrameCompletion completion) {
        this(null, buffers, size, completion, false, null);
    }

    /** How many buffers the frame's bytes are in. */
    int bufferCount() {
        return one != null ? 1 : many.length;
    }

    /** Puts the frame's buffers into {@code target} from {@code at}, in order. @return the index after them */
    int putBuffers(ByteBuffer[] target, int at) {
        if (one != null) {
            target[at] = one;
            return at + 1;
        }
        System.arraycopy(many, 0, target, at, many.length);
        return at + many.length;
    }

    /** Bytes the entry holds in the budget in its own name (not as a share of a shared frame). */
    long chargedBytes() {
        return charged ? size : 0;
    }

    /** Gives back what it holds of the budget: the shared frame's share (its own bytes are summed by the caller). */
    void releaseShare() {
        if (shared != null) {
            shared.release();
        }
    }
}
