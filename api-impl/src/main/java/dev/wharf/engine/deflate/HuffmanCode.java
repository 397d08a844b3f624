package dev.wharf.engine.deflate;

import java.util.Arrays;

/**
 * Builds length-limited Huffman codes for DEFLATE's dynamic blocks (RFC 1951 §3.2.2, §3.2.7): code lengths from
 * symbol counts, then the canonical codes those lengths define.
 *
 * <p>Every code built is complete (its lengths fill the code space exactly) and has at least two symbols: zlib's
 * inflater, which every peer and {@code java.util.zip} use, refuses an incomplete code-length code, and a code of one
 * symbol would need a one-bit code with a gap beside it. Where fewer than two symbols occur, the lowest unused ones
 * are given a code too (as zlib's compressor does); they cost only a few bits of table.
 *
 * <p>The length limit (15 bits for literals, lengths and distances, 7 for the code-length code) is kept by halving
 * the counts and building again, which keeps the relative order of the counts; it takes effect only on skewed
 * counts, where it costs at most a few bits. Working memory for one alphabet of up to {@link #MAX_SYMBOLS}
 * symbols; reused, not thread-safe.
 */
final class HuffmanCode {

    static final int MAX_SYMBOLS = MatchSymbols.LITERAL_LENGTH_SYMBOLS;

    /**
     * Leaves sorted by count: count above the low 9 bits, symbol in them (a block's counts are at most its 32 KiB of
     * input plus one, so this fits an int).
     */
    private final int[] leaves = new int[MAX_SYMBOLS];
    private final int[] counts = new int[MAX_SYMBOLS];
    /** Tree nodes: the leaves in sorted order, then the internal nodes in the order they were made. */
    private final int[] weight = new int[2 * MAX_SYMBOLS];
    private final int[] parent = new int[2 * MAX_SYMBOLS];
    private final int[] depth = new int[2 * MAX_SYMBOLS];
    private final int[] lengthCounts = new int[16];
    private final int[] nextCode = new int[16];

    /** Heap bytes of this builder's arrays. */
    static int memoryBytes() {
        return 4 * (2 * MAX_SYMBOLS + 3 * 2 * MAX_SYMBOLS + 32);
    }

    /**
     * Sets {@code lengths[0, n)} to code lengths for {@code symbolCounts[0, n)}, none above {@code maxBits}: 0 for a
     * symbol that does not occur (unless it is needed to make two symbols).
     */
    void lengths(int[] symbolCounts, int n, int maxBits, int[] lengths) {
        if (n > 1 << maxBits) {
            throw new IllegalArgumentException(n + " symbols do not fit in codes of " + maxBits + " bits");
        }
        System.arraycopy(symbolCounts, 0, counts, 0, n);
        while (!tryLengths(n, maxBits, lengths)) {
            for (int s = 0; s < n; s++) {
                counts[s] = (counts[s] + 1) >>> 1; // a count of 1 stays 1: all-equal counts make a balanced tree
            }
        }
    }

    /** One Huffman tree over {@link #counts} (two queues over the sorted leaves); false if it is too deep. */
    private boolean tryLengths(int n, int maxBits, int[] lengths) {
        int m = 0;
        for (int s = 0; s < n; s++) {
            if (counts[s] > 0) {
                leaves[m++] = counts[s] << 9 | s;
            }
        }
        for (int s = 0; m < 2; s++) {
            if (counts[s] == 0) {
                leaves[m++] = 1 << 9 | s;
            }
        }
        Arrays.sort(leaves, 0, m);
        for (int i = 0; i < m; i++) {
            weight[i] = leaves[i] >>> 9;
        }
        // Leaves are taken in order from [0, m), internal nodes in order from [m, made): both queues stay sorted.
        int nextLeaf = 0;
        int nextNode = m;
        for (int made = m; made < 2 * m - 1; made++) {
            int a = nextLeaf < m && (nextNode >= made || weight[nextLeaf] <= weight[nextNode]) ? nextLeaf++ : nextNode++;
            int b = nextLeaf < m && (nextNode >= made || weight[nextLeaf] <= weight[nextNode]) ? nextLeaf++ : nextNode++;
            weight[made] = weight[a] + weight[b];
            parent[a] = made;
            parent[b] = made;
        }
        int root = 2 * m - 2;
        depth[root] = 0;
        for (int i = root - 1; i >= 0; i--) {
            depth[i] = depth[parent[i]] + 1; // a parent is always made after its children
        }
        for (int i = 0; i < m; i++) {
            if (depth[i] > maxBits) {
                return false;
            }
        }
        Arrays.fill(lengths, 0, n, 0);
        for (int i = 0; i < m; i++) {
            lengths[leaves[i] & 0x1FF] = depth[i];
        }
        return true;
    }

    /** Sets {@code codes[0, n)} to the canonical codes (§3.2.2) for {@code lengths}, bit-reversed for writing. */
    void codes(int[] lengths, int n, int[] codes) {
        Arrays.fill(lengthCounts, 0);
        for (int s = 0; s < n; s++) {
            lengthCounts[lengths[s]]++;
        }
        lengthCounts[0] = 0;
        int code = 0;
        for (int bits = 1; bits < 16; bits++) {
            code = (code + lengthCounts[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        for (int s = 0; s < n; s++) {
            int len = lengths[s];
            codes[s] = len == 0 ? 0 : reverse(nextCode[len]++, len);
        }
    }

    /** {@code code}'s low {@code bits} bits in reverse order: DEFLATE writes Huffman codes first bit first. */
    static int reverse(int code, int bits) {
        return Integer.reverse(code) >>> (32 - bits);
    }
}
