package dev.wharf.session;

import java.nio.ByteBuffer;

/**
 * One frame (or an empty flush marker) in a {@link SendQueue}, with what it holds of the container's send budget.
 *
 * @param buffers the frame's bytes, written in order
 * @param size their total length
 * @param completion told once whether the frame reached the network
 * @param charged bytes the queue reserved in the budget for it (0 for a shared frame counted once, or when no budget
 *     applies)
 * @param shared the shared frame this entry holds a share of in the budget, or null
 */
record QueuedFrame(ByteBuffer[] buffers, long size, FrameCompletion completion, long charged, SharedFrame shared) {

    QueuedFrame(ByteBuffer[] buffers, long size, FrameCompletion completion) {
        this(buffers, size, completion, 0, null);
    }

    /** Gives back what it holds of the budget: the shared frame's share (its own bytes are summed by the caller). */
    void releaseShare() {
        if (shared != null) {
            shared.release();
        }
    }
}
