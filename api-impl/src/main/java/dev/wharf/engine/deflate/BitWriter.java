package dev.wharf.engine.deflate;

import java.util.Arrays;

/**
 * DEFLATE's bit order (RFC 1951 §3.1.1): values are packed from the least significant bit of each byte up, and
 * Huffman codes are written with their first bit lowest, so callers pass codes already bit-reversed.
 *
 * <p>Grows without limit: the caller bounds what it writes (one frame's compressed data, at most a little more than
 * the frame's payload, since a block that would grow is stored instead).
 */
final class BitWriter {

    private byte[] bytes;
    private int size;
    private long bits;
    private int bitCount;

    BitWriter(int expectedBytes) {
        bytes = new byte[Math.max(16, expectedBytes)];
    }

    /** Appends the low {@code count} bits of {@code value} (count at most 32). */
    void write(int value, int count) {
        bits |= (value & ((1L << count) - 1)) << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            put((byte) bits);
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    /** Pads with zero bits to the next byte boundary (a stored block's data starts there). */
    void align() {
        if (bitCount > 0) {
            put((byte) bits);
            bits = 0;
            bitCount = 0;
        }
    }

    /** Appends whole bytes; only at a byte boundary. */
    void writeBytes(byte[] src, int offset, int length) {
        if (bitCount != 0) {
            throw new IllegalStateException("not at a byte boundary");
        }
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** Bits written so far, complete bytes and the partial one. */
    long bitLength() {
        return 8L * size + bitCount;
    }

    /** The bytes written; only at a byte boundary. */
    byte[] toByteArray() {
        if (bitCount != 0) {
            throw new IllegalStateException("not at a byte boundary");
        }
        return Arrays.copyOf(bytes, size);
    }

    private void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
