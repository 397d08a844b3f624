package dev.wharf.bench.load;

import java.nio.ByteBuffer;

/**
 * A connection's outgoing frames, masked straight into one direct buffer that is reused from frame to frame. A heap
 * frame per message costs the load generator an allocation (a humongous one for 1 MiB: zeroed, outside the young
 * generation), and the JDK copies a heap buffer into a temporary direct one on every write call, all of what is
 * left each time; a direct buffer goes to the socket as it is. The buffer is reused only once the socket took all of
 * the previous frame (the caller says so); otherwise the frame gets its own heap array, as before.
 */
final class OutgoingFrames {

    private static final int MIN_CAPACITY = 4096;

    private ByteBuffer buffer;
    /** A frame started ahead ({@link #startAhead}): its payload's index in the buffer, or -1 for none. */
    private int aheadAt = -1;
    private int aheadKey;
    private int aheadLength;
    /** Payload bytes masked ahead so far. */
    private int aheadMasked;

    /**
     * The frame for {@code payload[offset, offset + length)}, masked with {@code key}; in the reused buffer if
     * {@code reusable} (nothing written earlier still waits in it), else in a fresh heap array.
     */
    ByteBuffer encode(int opcode, boolean rsv1, byte[] payload, int offset, int length, int key, boolean reusable) {
        if (!reusable) {
            return Frames.encode(opcode, rsv1, payload, offset, length, key);
        }
        ensureCapacity(Frames.frameLength(length));
        aheadAt = -1; // a frame started ahead is overwritten
        Frames.encodeInto(buffer, opcode, rsv1, payload, offset, length, key);
        return buffer;
    }

    private void ensureCapacity(int needed) {
        if (buffer == null || buffer.capacity() < needed) {
            int grown = buffer == null ? MIN_CAPACITY : buffer.capacity() + buffer.capacity() / 2;
            buffer = ByteBuffer.allocateDirect(Math.max(grown, (needed + 4095) & ~4095));
        }
    }

    /**
     * Starts a frame of {@code length} payload bytes in the reused buffer (nothing written earlier may wait in it), to
     * be masked ahead a piece at a time ({@link #maskAhead}) while the payload is at hand, and sent with {@link
     * #finishAhead}. Any other {@link #encode} into the reused buffer drops it.
     */
    void startAhead(int opcode, int length, int key) {
        ensureCapacity(Frames.frameLength(length));
        aheadAt = Frames.startInto(buffer, opcode, length, key);
        aheadKey = key;
        aheadLength = length;
        aheadMasked = 0;
    }

    /** Whether a frame started ahead waits in the buffer. */
    boolean ahead() {
        return aheadAt >= 0;
    }

    /** Masks {@code payload[from, from + n)} into the frame started ahead. */
    void maskAhead(byte[] payload, int from, int n) {
        Frames.maskRange(payload, from, buffer, aheadAt, n, aheadKey);
        aheadMasked += n;
    }

    /**
     * The frame started ahead, once {@code payload[from, to)} (bytes changed since they were masked ahead) is masked
     * again; null if it is gone, is not {@code length} bytes long, or not every byte was masked ahead (the caller then
     * encodes the whole frame).
     */
    ByteBuffer finishAhead(byte[] payload, int length, int from, int to) {
        if (aheadAt < 0 || aheadLength != length || aheadMasked < aheadLength) {
            aheadAt = -1;
            return null;
        }
        Frames.maskRange(payload, from, buffer, aheadAt, to - from, aheadKey);
        aheadAt = -1;
        return buffer; // masked by absolute puts: position 0, limit at the frame's end since startAhead
    }

    /** Lets the buffer go: the connection ended. */
    void release() {
        buffer = null;
        aheadAt = -1;
    }
}
