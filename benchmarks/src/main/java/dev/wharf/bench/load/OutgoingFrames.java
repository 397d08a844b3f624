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

    /**
     * The frame for {@code payload[offset, offset + length)}, masked with {@code key}; in the reused buffer if
     * {@code reusable} (nothing written earlier still waits in it), else in a fresh heap array.
     */
    ByteBuffer encode(int opcode, boolean rsv1, byte[] payload, int offset, int length, int key, boolean reusable) {
        if (!reusable) {
            return Frames.encode(opcode, rsv1, payload, offset, length, key);
        }
        int needed = Frames.frameLength(length);
        if (buffer == null || buffer.capacity() < needed) {
            int grown = buffer == null ? MIN_CAPACITY : buffer.capacity() + buffer.capacity() / 2;
            buffer = ByteBuffer.allocateDirect(Math.max(grown, (needed + 4095) & ~4095));
        }
        Frames.encodeInto(buffer, opcode, rsv1, payload, offset, length, key);
        return buffer;
    }

    /** Lets the buffer go: the connection ended. */
    void release() {
        buffer = null;
    }
}
