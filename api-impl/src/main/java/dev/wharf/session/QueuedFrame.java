package dev.wharf.session;

import java.nio.ByteBuffer;

/**
 * One frame of the session's own (or an empty flush marker) in a {@link SendQueue}, with what it holds of the
 * container's send budget. A broadcast frame the queue holds a share of is queued as the {@link SharedFrame} itself.
 *
 * @param one the frame's bytes when they are one buffer queued alone (a view of a broadcast frame counted as the
 *     queue's own bytes): no array is made for it; null when {@code many} holds them
 * @param many the frame's bytes, written in order, when not {@code one}
 * @param size their total length
 * @param completion told once whether the frame reached the network
 * @param charged whether the queue reserved {@code size} bytes in the budget for it (false when no budget applies)
 */
record QueuedFrame(ByteBuffer one, ByteBuffer[] many, long size, FrameCompletion completion, boolean charged)
        implements QueueEntry {

    QueuedFrame(ByteBuffer[] buffers, long size, FrameCompletion completion) {
        this(null, buffers, size, completion, false);
    }

    @Override
    public int bufferCount() {
        return one != null ? 1 : many.length;
    }

    @Override
    public int putBuffers(ByteBuffer[] target, int at) {
        if (one != null) {
            target[at] = one;
            return at + 1;
        }
        System.arraycopy(many, 0, target, at, many.length);
        return at + many.length;
    }

    @Override
    public long chargedBytes() {
        return charged ? size : 0;
    }

    @Override
    public void releaseShare() {
        // its bytes, if charged, are the queue's own: summed by the caller
    }
}
