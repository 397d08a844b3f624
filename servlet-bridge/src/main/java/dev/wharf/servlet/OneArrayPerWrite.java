package dev.wharf.servlet;

import java.nio.ByteBuffer;

/**
 * Joins the small buffers of one gathering write into one array, for a host whose servlet output makes a system call
 * per {@code write(byte[], int, int)} and needs an array of its own for each anyway (Undertow 2.3's upgraded output:
 * it writes straight to the socket, and sends the whole backing array of a write that covers only part of it). Without
 * this, a write of four queued 64-byte broadcast frames, or of one frame's header and payload, was four (two) system
 * calls on Undertow where the other hosts make one.
 *
 * <p>Buffers are copied only in runs of at most {@link #LIMIT} bytes: a large payload keeps its own write (and its
 * own array when it has one), so joining never adds a copy of a big message.
 */
final class OneArrayPerWrite {

    /** The most bytes copied into one joined array: the send queue's gather limit, and the copy chunk's size. */
    static final int LIMIT = 64 * 1024;

    private OneArrayPerWrite() {
    }

    /**
     * The buffers to hand the host in order, each run of consecutive buffers that fits in {@link #LIMIT} joined into
     * one exactly-sized heap buffer. Returns {@code buffers} itself when nothing can be joined. Consumes what it
     * copies from the given buffers.
     */
    static ByteBuffer[] join(ByteBuffer[] buffers) {
        if (buffers.length < 2) {
            return buffers;
        }
        int runs = 0;
        for (int i = 0; i < buffers.length; i = runEnd(buffers, i)) {
            runs++;
        }
        if (runs == buffers.length) {
            return buffers; // no two neighbours fit together
        }
        ByteBuffer[] joined = new ByteBuffer[runs];
        int out = 0;
        for (int i = 0; i < buffers.length; ) {
            int end = runEnd(buffers, i);
            joined[out++] = end == i + 1 ? buffers[i] : copy(buffers, i, end);
            i = end;
        }
        return joined;
    }

    /** The index after the run starting at {@code start}: at least one buffer, more while the run stays in the limit. */
    private static int runEnd(ByteBuffer[] buffers, int start) {
        long size = buffers[start].remaining();
        int end = start + 1;
        while (end < buffers.length && size + buffers[end].remaining() <= LIMIT) {
            size += buffers[end].remaining();
            end++;
        }
        return end;
    }

    private static ByteBuffer copy(ByteBuffer[] buffers, int start, int end) {
        int size = 0;
        for (int i = start; i < end; i++) {
            size += buffers[i].remaining();
        }
        ByteBuffer joined = ByteBuffer.allocate(size);
        for (int i = start; i < end; i++) {
            joined.put(buffers[i]);
        }
        return joined.flip();
    }
}
