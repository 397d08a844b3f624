package dev.wharf.session;

import java.nio.ByteBuffer;

/** Accumulates bytes received before a session may process them, growing its buffer as needed. */
final class EarlyBytes {

    private EarlyBytes() {
    }

    /**
     * Appends {@code bytes} to {@code kept} (write mode, may be null) and returns the buffer now holding both. The
     * first buffer is the size of the first bytes: what usually arrives early is one small frame (a peer that closes
     * at once sends its close frame while {@code onOpen} is still queued), and the 1 KiB buffer once made for it
     * was 1.9 % of the bytes a handshake allocated on Undertow's host (JFR, churn).
     */
    static ByteBuffer append(ByteBuffer kept, ByteBuffer bytes) {
        int needed = bytes.remaining();
        if (kept == null) {
            kept = ByteBuffer.allocate(needed);
        } else if (kept.remaining() < needed) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(kept.capacity() * 2, kept.position() + needed));
            kept.flip();
            bigger.put(kept);
            kept = bigger;
        }
        return kept.put(bytes);
    }
}
