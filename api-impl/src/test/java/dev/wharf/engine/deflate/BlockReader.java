package dev.wharf.engine.deflate;

import java.util.Arrays;

/**
 * A test-only DEFLATE reader for the three block types {@link WindowedDeflater} writes (stored, fixed and dynamic
 * Huffman, RFC 1951 §3.2.4, §3.2.6, §3.2.7), written from the RFC independently of the compressor, that also
 * records the farthest
 * distance any match reaches back: {@code java.util.zip.Inflater} always has a 32 KiB window, so it cannot tell
 * whether a compressor kept to a smaller one.
 */
final class BlockReader {

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};

    private final byte[] in;
    /** Next byte of {@link #in} to take into {@link #pending}. */
    private int pos;
    /** Bits taken from {@link #in} but not yet read, first to be read in the lowest bit (§3.1.1). */
    private long pending;
    private int pendingCount;
    /** The whole stream so far, history included: matches index into it. */
    private byte[] out;
    private int size;
    private final int historyLength;
    int farthestDistance;
    int blocks;
    int fixedBlocks;
    int dynamicBlocks;
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    /** Reads {@code data} (one message, its 00 00 ff ff tail already appended) after {@code history}. */
    BlockReader(byte[] history, byte[] data) {
        this.in = data;
        this.historyLength = history.length;
        this.out = Arrays.copyOf(history, history.length + 1024);
        this.size = history.length;
    }

    private void write(int b) {
        if (size == out.length) {
            out = Arrays.copyOf(out, 2 * out.length);
        }
        out[size++] = (byte) b;
    }

    /** The message's bytes; fails on a block type the compressor never writes or on a distance before the start. */
    byte[] read() {
        while (pendingCount > 0 || pos < in.length) {
            bits(1); // BFINAL: never set by our compressor, ignored here
            int type = bits(2);
            blocks++;
            if (type == 0) {
                bits(pendingCount & 7); // to the byte boundary
                int len = bits(16);
                int nlen = bits(16);
                if ((len ^ 0xFFFF) != nlen) {
                    throw new IllegalStateException("LEN/NLEN mismatch");
                }
                for (int i = 0; i < len; i++) {
                    write(bits(8));
                }
            } else if (type == 1) {
                fixedBlocks++;
                readFixedBlock();
            } else if (type == 2) {
                dynamicBlocks++;
                readDynamicBlock();
            } else {
                throw new IllegalStateException("block type " + type);
            }
        }
        return Arrays.copyOfRange(out, historyLength, size);
    }

    private void readFixedBlock() {
        while (true) {
            int symbol = literalSymbol();
            if (symbol < 256) {
                write(symbol);
            } else if (symbol == 256) {
                return;
            } else {
                int l = symbol - 257;
                int length = LENGTH_BASE[l] + bits(LENGTH_EXTRA[l]);
                int d = reversed(5);
                copy(length, DISTANCE_BASE[d] + bits(d < 4 ? 0 : d / 2 - 1));
            }
        }
    }

    private void copy(int length, int distance) {
        if (distance > size) {
            throw new IllegalStateException("distance " + distance + " before the start");
        }
        farthestDistance = Math.max(farthestDistance, distance);
        if (size + length > out.length) {
            out = Arrays.copyOf(out, Math.max(2 * out.length, size + length));
        }
        // Byte by byte: a match may overlap the bytes it writes (distance < length repeats them, §3.2.3).
        for (int i = 0; i < length; i++) {
            out[size] = out[size - distance];
            size++;
        }
    }

    /** §3.2.7: the code lengths, then symbols as in a fixed block but with the block's own codes. */
    private void readDynamicBlock() {
        int hlit = bits(5) + 257;
        int hdist = bits(5) + 1;
        int hclen = bits(4) + 4;
        if (hlit > 286 || hdist > 30) {
            throw new IllegalStateException("HLIT " + hlit + " or HDIST " + hdist + " out of range");
        }
        int[] codeLengthLengths = new int[19];
        for (int i = 0; i < hclen; i++) {
            codeLengthLengths[CODE_LENGTH_ORDER[i]] = bits(3);
        }
        requireComplete(codeLengthLengths, 7, "code-length");
        Code codeLengthCode = Code.of(codeLengthLengths);
        int[] lengths = new int[hlit + hdist];
        int n = 0;
        while (n < lengths.length) {
            int symbol = decode(codeLengthCode);
            if (symbol < 16) {
                lengths[n++] = symbol;
                continue;
            }
            int repeat;
            int value = 0;
            if (symbol == 16) {
                if (n == 0) {
                    throw new IllegalStateException("repeat with no previous length");
                }
                value = lengths[n - 1];
                repeat = 3 + bits(2);
            } else if (symbol == 17) {
                repeat = 3 + bits(3);
            } else {
                repeat = 11 + bits(7);
            }
            if (n + repeat > lengths.length) {
                throw new IllegalStateException("code lengths overrun");
            }
            for (int i = 0; i < repeat; i++) {
                lengths[n++] = value;
            }
        }
        int[] literalLengthLengths = Arrays.copyOf(lengths, hlit);
        int[] distanceLengths = Arrays.copyOfRange(lengths, hlit, lengths.length);
        requireComplete(literalLengthLengths, 15, "literal/length");
        requireComplete(distanceLengths, 15, "distance");
        if (literalLengthLengths[256] == 0) {
            throw new IllegalStateException("no code for end of block");
        }
        Code literalLengthCode = Code.of(literalLengthLengths);
        Code distanceCode = Code.of(distanceLengths);
        while (true) {
            int symbol = decode(literalLengthCode);
            if (symbol < 256) {
                write(symbol);
            } else if (symbol == 256) {
                return;
            } else {
                int l = symbol - 257;
                if (l >= LENGTH_BASE.length) {
                    throw new IllegalStateException("length symbol " + symbol);
                }
                int length = LENGTH_BASE[l] + bits(LENGTH_EXTRA[l]);
                int d = decode(distanceCode);
                if (d >= 30) {
                    throw new IllegalStateException("distance symbol " + d);
                }
                copy(length, DISTANCE_BASE[d] + bits(d < 4 ? 0 : d / 2 - 1));
            }
        }
    }

    /**
     * A code must fill its code space exactly (Kraft's sum 1) and no length may pass {@code max}: zlib's inflater
     * refuses an incomplete code-length code, and an incomplete literal or distance code of more than one symbol.
     */
    private static void requireComplete(int[] lengths, int max, String what) {
        long sum = 0;
        for (int len : lengths) {
            if (len > max) {
                throw new IllegalStateException(what + " code length " + len + " above " + max);
            }
            if (len > 0) {
                sum += 1L << (15 - len);
            }
        }
        if (sum != 1L << 15) {
            throw new IllegalStateException(what + " code is not complete: " + Arrays.toString(lengths));
        }
    }

    /** A canonical code (§3.2.2): how many codes each length has, and the symbols in code order. */
    private record Code(int[] counts, int[] symbols) {
        /** Counts the lengths, then places each symbol after the shorter codes and the smaller symbols of its length. */
        static Code of(int[] lengths) {
            int[] counts = new int[16];
            for (int len : lengths) {
                counts[len]++;
            }
            counts[0] = 0; // length 0: no code
            int[] next = new int[16];
            for (int len = 1; len < 15; len++) {
                next[len + 1] = next[len] + counts[len];
            }
            int[] symbols = new int[lengths.length];
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] != 0) {
                    symbols[next[lengths[s]]++] = s;
                }
            }
            return new Code(counts, symbols);
        }
    }

    /** The next symbol of {@code code}, read a bit at a time, first bit most significant. */
    private int decode(Code code) {
        int value = 0;
        int first = 0;
        int index = 0;
        for (int len = 1; len <= 15; len++) {
            value |= bits(1);
            int count = code.counts()[len];
            if (value - first < count) {
                return code.symbols()[index + value - first];
            }
            index += count;
            first = (first + count) << 1;
            value <<= 1;
        }
        throw new IllegalStateException("no such code");
    }

    /** §3.2.6's fixed code, read a bit at a time, first bit most significant. */
    private int literalSymbol() {
        int code = reversed(7);
        if (code <= 0b0010111) {
            return 256 + code;
        }
        code = code << 1 | bits(1);
        if (code >= 0x30 && code <= 0xBF) {
            return code - 0x30;
        }
        if (code >= 0xC0 && code <= 0xC7) {
            return 280 + code - 0xC0;
        }
        code = code << 1 | bits(1);
        return 144 + code - 0x190;
    }

    /** {@code n} bits as a Huffman code: first bit read is the most significant. */
    private int reversed(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | bits(1);
        }
        return v;
    }

    /**
     * {@code n} (at most 16) bits as a number: first bit read is the least significant (§3.1.1). Whole bytes are
     * taken into {@link #pending} as needed: under the fuzzer every comparison in a loop costs a call, and a
     * bit-at-a-time loop made this reader a quarter of each execution.
     */
    private int bits(int n) {
        while (pendingCount < n) {
            if (pos == in.length) {
                throw new IllegalStateException("truncated");
            }
            pending |= (long) (in[pos++] & 0xFF) << pendingCount;
            pendingCount += 8;
        }
        int v = (int) (pending & ((1L << n) - 1));
        pending >>>= n;
        pendingCount -= n;
        return v;
    }
}
