package dev.wharf.session;

import java.nio.ByteBuffer;

/**
 * What a {@link SendQueue} holds for one frame: a {@link QueuedFrame} (the session's own frame, or an empty flush
 * marker), or a {@link SharedFrame} itself when the queue holds a share of a broadcast frame in its budget. A room
 * fan-out queues the same frame to every member: queuing the shared frame as it is costs no object per member, and the
 * view a write needs is made only when the write takes it ({@link #putBuffers}).
 */
sealed interface QueueEntry permits QueuedFrame, SharedFrame {

    /** The frame's length in bytes. */
    long size();

    /** Told once whether the frame reached the network. */
    FrameCompletion completion();

    /** How many buffers the frame's bytes are in. */
    int bufferCount();

    /**
     * Puts the frame's buffers into {@code target} from {@code at}, in order, for one write (a shared frame puts a new
     * view of its bytes: each write moves its own position). @return the index after them
     */
    int putBuffers(ByteBuffer[] target, int at);

    /** Bytes the entry holds in the budget in its own name (not as a share of a shared frame). */
    long chargedBytes();

    /** Gives back what it holds of the budget as a share of a shared frame (its own bytes are summed by the caller). */
    void releaseShare();
}
