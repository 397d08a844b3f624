package dev.wharf.engine.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A raw DEFLATE compressor (RFC 1951) whose LZ77 window is any size from 256 bytes to 32 KiB: what
 * {@code java.util.zip.Deflater} cannot do, and what RFC 7692's {@code server_max_window_bits} /
 * {@code client_max_window_bits} ask for. Matches are found with hash chains (zlib's method; the hash table has
 * 2^(memLevel + 7) heads, a block at most 2^(memLevel + 6) bytes), greedily at levels 1-3 and with one step of lazy
 * evaluation from 4 up; each block is written in the smallest of DEFLATE's three forms: stored, with the fixed
 * Huffman codes (best on short blocks), or with dynamic codes made for the block (§3.2.7, best on longer ones).
 *
 * <p>One instance is working memory, not a connection's state: it is borrowed from {@link CodecPool} for one message,
 * primed with the connection's {@link History} by {@link #start}, and given back. No match ever reaches further back
 * than the window, nor before the history it was primed with.
 *
 * <p>Positions are absolute (bytes since this instance was created or last renumbered), so a new message needs no
 * clearing of the tables: entries below {@link #floor} belong to earlier messages and are ignored.
 *
 * <p>Not thread-safe: used by one message at a time.
 */
final class WindowedDeflater {

    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    /** Renumber positions before they could overflow. */
    private static final int RENUMBER_AT = 1 << 30;
    /** Per level 0-9: longest hash chain followed, match length that stops the search, lazy evaluation. */
    private static final int[] MAX_CHAIN = {0, 4, 8, 16, 16, 32, 128, 256, 1024, 4096};
    private static final int[] NICE_LENGTH = {0, 8, 16, 32, 32, 64, 128, 128, 258, 258};
    private static final int LAZY_FROM_LEVEL = 4;
    /** {@link DynamicHuffman} and the symbol counts: about 15 KiB, whatever the window. */
    private static final int HUFFMAN_WORKING_BYTES = DynamicHuffman.memoryBytes()
            + 4 * (MatchSymbols.LITERAL_LENGTH_SYMBOLS + MatchSymbols.DISTANCE_SYMBOLS);

    final int windowBits;
    final int memLevel;
    private final int windowSize;
    private final int windowMask;
    private final int hashShift;
    private final int blockSize;
    /** The window before {@link #end}, then room for one block of new input. */
    private final byte[] buf;
    private final int[] head;
    private final int[] prev;
    private final int[] tokens;
    /** Symbol counts of the block being written, for choosing and building its codes. */
    private final int[] literalLengthCounts = new int[MatchSymbols.LITERAL_LENGTH_SYMBOLS];
    private final int[] distanceCounts = new int[MatchSymbols.DISTANCE_SYMBOLS];
    private final DynamicHuffman dynamic = new DynamicHuffman();

    private int level;
    private int maxChain;
    private int niceLength;
    /** Absolute position of buf[0]. */
    private int bufStart;
    /** Absolute position one past the last byte in buf. */
    private int end;
    /** Absolute position where the current message's history starts: nothing before it may be matched. */
    private int floor;
    /** Next absolute position to enter into the hash chains. */
    private int inserted;
    /**
     * The history this instance last saved into: if the same connection borrows it again before anyone else does,
     * its tables still hold that history, and {@link #start} need not enter it again.
     */
    private History savedInto;
    /** {@link History#version()} right after that save: if it moved on, another instance wrote it since. */
    private long savedVersion;

    /**
     * @param windowBits 8-15: the farthest match is 2^windowBits bytes back
     * @param memLevel 1-9, as zlib's: more memory finds matches faster and writes fewer, longer blocks
     */
    WindowedDeflater(int windowBits, int memLevel) {
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8 to 15, not " + windowBits);
        }
        if (memLevel < 1 || memLevel > 9) {
            throw new IllegalArgumentException("memory level must be 1 to 9, not " + memLevel);
        }
        this.windowBits = windowBits;
        this.memLevel = memLevel;
        this.windowSize = 1 << windowBits;
        this.windowMask = windowSize - 1;
        this.hashShift = 32 - (memLevel + 7);
        this.blockSize = 1 << (memLevel + 6);
        this.buf = new byte[windowSize + blockSize];
        this.head = new int[1 << (memLevel + 7)];
        this.prev = new int[windowSize];
        this.tokens = new int[blockSize];
        renumber();
    }

    /**
     * Heap bytes of this deflater's window, hash chains, block buffer and Huffman code builder's arrays (for the
     * meters, docs/METRICS.md).
     */
    long memoryBytes() {
        return buf.length + 4L * (head.length + prev.length + tokens.length) + HUFFMAN_WORKING_BYTES;
    }

    /**
     * Begins a message: forgets everything but {@code history} (null or empty for none), which matches may refer
     * to, as the peer's inflater holds it too.
     *
     * @param level 0 (store only) to 9
     */
    void start(History history, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0 to 9, not " + level);
        }
        this.level = level;
        this.maxChain = MAX_CHAIN[level];
        this.niceLength = NICE_LENGTH[level];
        boolean resume = history != null && history == savedInto && history.version() == savedVersion
                && history.length() > 0;
        savedInto = null;
        if (resume) {
            return; // buf, tables and floor are as saveHistory left them
        }
        if (end > RENUMBER_AT) {
            renumber();
        }
        floor = end;
        bufStart = end;
        inserted = end;
        if (history != null && history.length() > 0) {
            int n = Math.min(history.length(), windowSize);
            System.arraycopy(history.bytes(), history.length() - n, buf, 0, n);
            end += n;
        }
    }

    /**
     * Compresses {@code input} (consumed) into {@code out} as complete blocks followed by a sync flush: an empty
     * stored block, so the output ends at a byte boundary with {@code 00 00 ff ff} (RFC 7692 §7.2.1).
     */
    void compress(ByteBuffer input, BitWriter out) {
        while (input.hasRemaining()) {
            if (end - bufStart + blockSize > buf.length) {
                slide();
            }
            int at = end - bufStart;
            int n = Math.min(Math.min(input.remaining(), blockSize), buf.length - at);
            input.get(buf, at, n);
            int from = end;
            end += n;
            writeBlock(from, end, out);
        }
        out.write(0, 3); // BFINAL 0, BTYPE 00: stored
        out.align();
        out.write(0x0000, 16);
        out.write(0xFFFF, 16);
    }

    /** Copies the last window's worth of the stream (history and this message) into {@code history}. */
    void saveHistory(History history) {
        int n = Math.min(Math.min(end - floor, windowSize), history.window());
        history.replace(buf, end - bufStart - n, n);
        savedInto = history;
        savedVersion = history.version();
    }

    /** Keeps the last window of input at the front of the buffer; positions stay absolute. */
    private void slide() {
        int keep = Math.min(windowSize, end - bufStart);
        int drop = end - bufStart - keep;
        System.arraycopy(buf, drop, buf, 0, keep);
        bufStart += drop;
        // A block's last match ends it without entering the positions it covers into the hash chains (up to
        // MAX_MATCH of them), and a 256-byte window (8 bits) is shorter than that: positions that slid out are
        // further back than any later match may reach, so they are skipped (found by DeflateFuzzTest: they were
        // hashed from before the buffer's start).
        inserted = Math.max(inserted, bufStart);
        if (bufStart > RENUMBER_AT) {
            rebase();
        }
    }

    /** Shifts every position down by {@link #bufStart} (zlib's slide_hash), mid-message, to stay far from overflow. */
    private void rebase() {
        int shift = bufStart;
        for (int i = 0; i < head.length; i++) {
            head[i] = head[i] >= shift ? head[i] - shift : -1;
        }
        for (int i = 0; i < prev.length; i++) {
            prev[i] = prev[i] >= shift ? prev[i] - shift : -1;
        }
        // Nothing before bufStart can be matched any more (the window is behind it), so the floor may move there.
        floor = Math.max(floor - shift, 0);
        end -= shift;
        inserted -= shift;
        bufStart = 0;
    }

    private void renumber() {
        Arrays.fill(head, -1);
        Arrays.fill(prev, -1);
        end = 0;
        bufStart = 0;
        floor = 0;
        inserted = 0;
    }

    /** LZ77 over [from, to) (absolute), then the smallest block: stored, fixed codes or dynamic codes. */
    private void writeBlock(int from, int to, BitWriter out) {
        int count = findMatches(from, to);
        int n = to - from;
        long storedBits = 3 + 7 + 32 + 8L * n; // header, worst-case padding, LEN and NLEN, the bytes
        long fixedBits = FixedHuffman.blockBits(literalLengthCounts, distanceCounts);
        long dynamicBits = dynamic.plan(literalLengthCounts, distanceCounts);
        if (storedBits < fixedBits && storedBits < dynamicBits) {
            out.write(0, 3);
            out.align();
            out.write(n, 16);
            out.write(~n, 16);
            out.writeBytes(buf, from - bufStart, n);
        } else if (dynamicBits < fixedBits) {
            dynamic.write(out, tokens, count);
        } else {
            FixedHuffman.writeBlock(out, tokens, count);
        }
    }

    /**
     * LZ77 over [from, to) (absolute) into {@link #tokens}, counting their symbols in {@link #literalLengthCounts}
     * (the end of block included) and {@link #distanceCounts}; returns the number of tokens.
     */
    private int findMatches(int from, int to) {
        java.util.Arrays.fill(literalLengthCounts, 0);
        java.util.Arrays.fill(distanceCounts, 0);
        literalLengthCounts[MatchSymbols.END_OF_BLOCK] = 1;
        int count = 0;
        int p = from;
        int pendingLength = 0;
        int pendingDistance = 0;
        while (p < to) {
            insertUpTo(p);
            int length = 0;
            int distance = 0;
            if (level > 0) {
                long match = longestMatch(p, to, pendingLength);
                length = (int) (match >>> 32);
                distance = (int) match;
            }
            if (pendingLength > 0) {
                // Lazy evaluation: the match at p - 1 is kept unless the one at p is longer.
                if (length > pendingLength) {
                    count = literal(buf[p - 1 - bufStart] & 0xFF, count);
                    pendingLength = length;
                    pendingDistance = distance;
                    p++;
                    continue;
                }
                count = match(pendingLength, pendingDistance, count);
                p += pendingLength - 1;
                pendingLength = 0;
                continue;
            }
            if (length >= MIN_MATCH && level >= LAZY_FROM_LEVEL && length < niceLength && p + 1 < to) {
                pendingLength = length;
                pendingDistance = distance;
                p++;
                continue;
            }
            if (length >= MIN_MATCH) {
                count = match(length, distance, count);
                p += length;
            } else {
                count = literal(buf[p - bufStart] & 0xFF, count);
                p++;
            }
        }
        if (pendingLength > 0) {
            count = match(pendingLength, pendingDistance, count);
        }
        return count;
    }

    private int literal(int b, int count) {
        tokens[count] = b;
        literalLengthCounts[b]++;
        return count + 1;
    }

    /** A match token: distance above the low 8 bits, length - 3 in them (never below 256: distance is at least 1). */
    private int match(int length, int distance, int count) {
        tokens[count] = (distance << 8) | (length - MIN_MATCH);
        literalLengthCounts[MatchSymbols.lengthSymbol(length)]++;
        distanceCounts[MatchSymbols.distanceSymbol(distance)]++;
        return count + 1;
    }

    /** Enters every position before {@code p} whose three bytes are all in the buffer into the hash chains. */
    private void insertUpTo(int p) {
        int limit = Math.min(p, end - 2);
        while (inserted < limit) {
            int h = hash(inserted - bufStart);
            prev[inserted & windowMask] = head[h];
            head[h] = inserted;
            inserted++;
        }
    }

    private int hash(int i) {
        int v = (buf[i] & 0xFF) << 16 | (buf[i + 1] & 0xFF) << 8 | (buf[i + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> hashShift;
    }

    /**
     * The longest match for the bytes at absolute {@code p}, longer than {@code atLeast}, within [p, to): length in
     * the high half, distance in the low half; length 0 when there is none of at least {@link #MIN_MATCH}.
     */
    private long longestMatch(int p, int to, int atLeast) {
        int maxLength = Math.min(MAX_MATCH, to - p);
        if (maxLength < MIN_MATCH || p + 2 >= end) {
            return 0;
        }
        int i = p - bufStart;
        int best = Math.max(MIN_MATCH - 1, atLeast);
        if (best >= maxLength) {
            return 0;
        }
        int bestDistance = 0;
        int lowest = Math.max(floor, p - windowSize);
        int candidate = head[hash(i)];
        int chain = atLeast >= MIN_MATCH ? Math.max(1, maxChain >> 2) : maxChain;
        while (candidate >= lowest && candidate < p && chain-- > 0) {
            int c = candidate - bufStart;
            if (buf[c + best] == buf[i + best] && buf[c] == buf[i] && buf[c + 1] == buf[i + 1]) {
                int length = 2;
                while (length < maxLength && buf[c + length] == buf[i + length]) {
                    length++;
                }
                if (length > best) {
                    best = length;
                    bestDistance = p - candidate;
                    if (length >= niceLength || length == maxLength) {
                        break;
                    }
                }
            }
            candidate = prev[candidate & windowMask];
        }
        return bestDistance == 0 ? 0 : ((long) best << 32) | bestDistance;
    }
}
