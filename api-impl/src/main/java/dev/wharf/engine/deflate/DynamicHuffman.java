package dev.wharf.engine.deflate;

/**
 * A block with dynamic Huffman codes (RFC 1951 §3.2.7): codes made for the block's own symbol counts, sent in front
 * of it as code lengths, themselves run-length coded and Huffman coded. The table costs some 30-80 bytes, so this
 * wins over the fixed codes on blocks of more than about a hundred bytes; {@link WindowedDeflater} asks both for
 * their size and writes the smaller.
 *
 * <p>{@link #plan} builds the codes for one block and returns its size; {@link #write} then writes that block.
 * Working memory of one compressor, reused for every block; not thread-safe.
 */
final class DynamicHuffman {

    private static final int MAX_CODE_BITS = 15;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    private static final int CODE_LENGTH_SYMBOLS = 19;
    /** §3.2.7: the order the code-length code's lengths are sent in (the likely ones first, so trailing zeros drop). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Code-length symbols 16, 17, 18: extra bits and the least repeat count each encodes. */
    private static final int COPY_PREVIOUS = 16;
    private static final int ZEROS_3_TO_10 = 17;
    private static final int ZEROS_11_TO_138 = 18;

    private final HuffmanCode builder = new HuffmanCode();
    private final int[] literalLengthBits = new int[MatchSymbols.LITERAL_LENGTH_SYMBOLS];
    private final int[] literalLengthCodes = new int[MatchSymbols.LITERAL_LENGTH_SYMBOLS];
    private final int[] distanceBits = new int[MatchSymbols.DISTANCE_SYMBOLS];
    private final int[] distanceCodes = new int[MatchSymbols.DISTANCE_SYMBOLS];
    /** The literal/length lengths then the distance lengths: one sequence, run-length coded as a whole. */
    private final int[] allLengths = new int[MatchSymbols.LITERAL_LENGTH_SYMBOLS + MatchSymbols.DISTANCE_SYMBOLS];
    /** Run-length coded {@link #allLengths}: a code-length symbol in the low 5 bits, its extra bits' value above. */
    private final int[] runs = new int[MatchSymbols.LITERAL_LENGTH_SYMBOLS + MatchSymbols.DISTANCE_SYMBOLS];
    private final int[] codeLengthCounts = new int[CODE_LENGTH_SYMBOLS];
    private final int[] codeLengthBits = new int[CODE_LENGTH_SYMBOLS];
    private final int[] codeLengthCodes = new int[CODE_LENGTH_SYMBOLS];
    private int runCount;
    /** HLIT + 257, HDIST + 1, HCLEN + 4 of the planned block. */
    private int literalLengthsSent;
    private int distancesSent;
    private int codeLengthsSent;

    /** Heap bytes of this writer's arrays and its code builder's. */
    static int memoryBytes() {
        int symbols = MatchSymbols.LITERAL_LENGTH_SYMBOLS + MatchSymbols.DISTANCE_SYMBOLS;
        return HuffmanCode.memoryBytes() + 4 * (2 * symbols + 2 * symbols + 3 * CODE_LENGTH_SYMBOLS);
    }

    /**
     * Builds the codes for a block with these symbol counts ({@code literalLengthCounts} includes the end of block)
     * and returns its size in bits, header and table included.
     */
    long plan(int[] literalLengthCounts, int[] distanceCounts) {
        builder.lengths(literalLengthCounts, MatchSymbols.LITERAL_LENGTH_SYMBOLS, MAX_CODE_BITS, literalLengthBits);
        builder.lengths(distanceCounts, MatchSymbols.DISTANCE_SYMBOLS, MAX_CODE_BITS, distanceBits);
        literalLengthsSent = MatchSymbols.LITERAL_LENGTH_SYMBOLS;
        while (literalLengthBits[literalLengthsSent - 1] == 0) {
            literalLengthsSent--; // never below 257: the end of block always has a code
        }
        distancesSent = MatchSymbols.DISTANCE_SYMBOLS;
        while (distancesSent > 1 && distanceBits[distancesSent - 1] == 0) {
            distancesSent--;
        }
        System.arraycopy(literalLengthBits, 0, allLengths, 0, literalLengthsSent);
        System.arraycopy(distanceBits, 0, allLengths, literalLengthsSent, distancesSent);
        runLengths(literalLengthsSent + distancesSent);
        builder.lengths(codeLengthCounts, CODE_LENGTH_SYMBOLS, MAX_CODE_LENGTH_BITS, codeLengthBits);
        codeLengthsSent = CODE_LENGTH_SYMBOLS;
        while (codeLengthsSent > 4 && codeLengthBits[CODE_LENGTH_ORDER[codeLengthsSent - 1]] == 0) {
            codeLengthsSent--;
        }

        long bits = 3 + 5 + 5 + 4 + 3L * codeLengthsSent;
        for (int i = 0; i < runCount; i++) {
            int symbol = runs[i] & 0x1F;
            bits += codeLengthBits[symbol] + runExtraBits(symbol);
        }
        for (int s = 0; s < MatchSymbols.LITERAL_LENGTH_SYMBOLS; s++) {
            bits += (long) literalLengthCounts[s] * (literalLengthBits[s] + MatchSymbols.lengthExtraBits(s));
        }
        for (int d = 0; d < MatchSymbols.DISTANCE_SYMBOLS; d++) {
            bits += (long) distanceCounts[d] * (distanceBits[d] + MatchSymbols.distanceExtraBits(d));
        }
        return bits;
    }

    /** Writes the block {@link #plan} was last called for: {@code tokens} as {@link WindowedDeflater} packs them. */
    void write(BitWriter out, int[] tokens, int count) {
        builder.codes(literalLengthBits, MatchSymbols.LITERAL_LENGTH_SYMBOLS, literalLengthCodes);
        builder.codes(distanceBits, MatchSymbols.DISTANCE_SYMBOLS, distanceCodes);
        builder.codes(codeLengthBits, CODE_LENGTH_SYMBOLS, codeLengthCodes);
        out.write(0b100, 3); // BFINAL 0, BTYPE 10: dynamic Huffman codes
        out.write(literalLengthsSent - 257, 5);
        out.write(distancesSent - 1, 5);
        out.write(codeLengthsSent - 4, 4);
        for (int i = 0; i < codeLengthsSent; i++) {
            out.write(codeLengthBits[CODE_LENGTH_ORDER[i]], 3);
        }
        for (int i = 0; i < runCount; i++) {
            int symbol = runs[i] & 0x1F;
            out.write(codeLengthCodes[symbol], codeLengthBits[symbol]);
            out.write(runs[i] >>> 5, runExtraBits(symbol));
        }
        for (int i = 0; i < count; i++) {
            int t = tokens[i];
            if (t < 256) {
                out.write(literalLengthCodes[t], literalLengthBits[t]);
            } else {
                int length = (t & 0xFF) + 3;
                int distance = t >>> 8;
                int symbol = MatchSymbols.lengthSymbol(length);
                out.write(literalLengthCodes[symbol], literalLengthBits[symbol]);
                out.write(MatchSymbols.lengthExtraValue(symbol, length), MatchSymbols.lengthExtraBits(symbol));
                int d = MatchSymbols.distanceSymbol(distance);
                out.write(distanceCodes[d], distanceBits[d]);
                out.write(MatchSymbols.distanceExtraValue(d, distance), MatchSymbols.distanceExtraBits(d));
            }
        }
        int eob = MatchSymbols.END_OF_BLOCK;
        out.write(literalLengthCodes[eob], literalLengthBits[eob]);
    }

    /**
     * §3.2.7's run-length code over {@code allLengths[0, n)}: 16 repeats the previous length 3-6 times, 17 writes
     * 3-10 zeros and 18 writes 11-138; into {@link #runs}, counting each symbol in {@link #codeLengthCounts}.
     */
    private void runLengths(int n) {
        runCount = 0;
        java.util.Arrays.fill(codeLengthCounts, 0);
        int i = 0;
        while (i < n) {
            int value = allLengths[i];
            int run = 1;
            while (i + run < n && allLengths[i + run] == value) {
                run++;
            }
            i += run;
            if (value == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    addRun(ZEROS_11_TO_138, r - 11);
                    run -= r;
                }
                if (run >= 3) {
                    addRun(ZEROS_3_TO_10, run - 3);
                    run = 0;
                }
            } else {
                addRun(value, 0);
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    addRun(COPY_PREVIOUS, r - 3);
                    run -= r;
                }
            }
            for (; run > 0; run--) {
                addRun(value, 0);
            }
        }
    }

    private void addRun(int symbol, int extra) {
        runs[runCount++] = extra << 5 | symbol;
        codeLengthCounts[symbol]++;
    }

    private static int runExtraBits(int symbol) {
        return switch (symbol) {
            case COPY_PREVIOUS -> 2;
            case ZEROS_3_TO_10 -> 3;
            case ZEROS_11_TO_138 -> 7;
            default -> 0;
        };
    }
}
