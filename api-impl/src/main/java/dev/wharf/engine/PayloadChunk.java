package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * The part of one frame's payload present in the current input buffer, still masked. Reused for every chunk, so it
 * is never kept: a consumer copies (unmasking on the way) into memory it owns, which is the only copy made.
 */
final class PayloadChunk {

    private ByteBuffer source;
    private int index;
    private int length;
    private int key;
    private long phase;
    private boolean endsFrame;

    void set(ByteBuffer source, int index, int length, int key, long phase, boolean endsFrame) {
        this.source = source;
        this.index = index;
        this.length = length;
        this.key = key;
        this.phase = phase;
        this.endsFrame = endsFrame;
    }

    int length() {
        return length;
    }

    /** Whether this chunk holds the frame's last payload byte. */
    boolean endsFrame() {
        return endsFrame;
    }

    /** Copies the unmasked bytes to {@code dst} at {@code offset}. */
    void copyTo(byte[] dst, int offset) {
        Masking.copy(source, index, dst, offset, length, key, phase);
    }

    /** Copies {@code length} unmasked bytes from {@code from} within the chunk to {@code dst} at {@code offset}. */
    void copyTo(byte[] dst, int offset, int from, int length) {
        Masking.copy(source, index + from, dst, offset, length, key, phase + from);
    }

    void clear() {
        source = null;
    }
}
