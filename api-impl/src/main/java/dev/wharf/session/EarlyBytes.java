package dev.wharf.session;

import java.nio.ByteBuffer;

/** Accumulates bytes received before a session may process them, growing its buffer as needed. */
final class EarlyBytes {

    private EarlyBytes() {
    }

    /** Appends {@code bytes} to {@code kept} (write mode, may be null) and returns the buffer now holding both. */
    static ByteBuffer append(ByteBuffer kept, ByteBuffer bytes) {
        int needed = bytes.remaining();
        if (kept == null) {
            kept = ByteBuffer.allocate(Math.max(needed, 1024));
        } else if (kept.remaining() < needed) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(kept.capacity() * 2, kept.position() + needed));
            kept.flip();
            bigger.put(kept);
            kept = bigger;
        }
        return kept.put(bytes);
    }
}
