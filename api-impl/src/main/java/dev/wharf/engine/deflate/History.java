package dev.wharf.engine.deflate;

/**
 * The last bytes of one direction's uncompressed stream, at most a window's worth: all that context takeover has to
 * keep between messages (RFC 7692 §7.2.1, §7.2.2). The codec that used it goes back to {@link CodecPool} at the end
 * of each message, and the next message's codec is primed with these bytes.
 *
 * <p>The array grows with what was actually seen (one 300-byte message keeps about 300 bytes), doubling up to the
 * window so that a run of small messages does not copy quadratically. Not thread-safe: its owner locks.
 */
final class History {

    private static final byte[] EMPTY = new byte[0];

    private final int window;
    private byte[] bytes = EMPTY;
    private int length;
    /** Counts changes, so a codec can tell whether the content is still what it last wrote. */
    private long version;

    /** @param window the most bytes kept: the LZ77 window the stream was agreed to use */
    History(int window) {
        this.window = window;
    }

    int window() {
        return window;
    }

    int length() {
        return length;
    }

    long version() {
        return version;
    }

    /** The array holding the bytes, valid from 0 to {@link #length()}; do not keep it. */
    byte[] bytes() {
        return bytes;
    }

    /** Appends {@code src[offset, offset + count)}, dropping the oldest bytes beyond the window. */
    void append(byte[] src, int offset, int count) {
        version++;
        if (count >= window) {
            replace(src, offset + count - window, window);
            return;
        }
        int keep = Math.min(length, window - count);
        int newLength = keep + count;
        if (bytes.length < newLength) {
            byte[] grown = new byte[Math.min(window, Math.max(newLength, 2 * bytes.length))];
            System.arraycopy(bytes, length - keep, grown, 0, keep);
            bytes = grown;
        } else if (keep < length) {
            System.arraycopy(bytes, length - keep, bytes, 0, keep);
        }
        System.arraycopy(src, offset, bytes, keep, count);
        length = newLength;
    }

    /** Replaces the content with {@code src[offset, offset + count)}, count at most the window. */
    void replace(byte[] src, int offset, int count) {
        version++;
        if (bytes.length < count) {
            bytes = new byte[Math.min(window, Math.max(count, 2 * bytes.length))];
        }
        System.arraycopy(src, offset, bytes, 0, count);
        length = count;
    }

    /** Forgets everything and frees the array. */
    void clear() {
        version++;
        bytes = EMPTY;
        length = 0;
    }

    /** Bytes of heap the history holds now (its array), for tests and diagnostics. */
    int capacity() {
        return bytes.length;
    }
}
