package dev.wharf.engine.deflate;

/**
 * The fixed Huffman codes of RFC 1951 §3.2.6, for writing: no table in the block, so they win on short blocks, where
 * a dynamic code's table (often 40-80 bytes) costs more than it saves; {@link DynamicHuffman} wins on longer ones.
 */
final class FixedHuffman {

    /** Bit-reversed codes and their lengths for literal/length symbols 0-287. */
    private static final int[] LITERAL_CODE = new int[288];
    private static final int[] LITERAL_BITS = new int[288];
    /** Bit-reversed 5-bit codes for distance symbols 0-29. */
    private static final int[] DISTANCE_CODE = new int[30];
    private static final int DISTANCE_BITS = 5;

    static {
        for (int s = 0; s < 288; s++) {
            int code;
            int bits;
            if (s < 144) {
                code = 0x30 + s;
                bits = 8;
            } else if (s < 256) {
                code = 0x190 + s - 144;
                bits = 9;
            } else if (s < 280) {
                code = s - 256;
                bits = 7;
            } else {
                code = 0xC0 + s - 280;
                bits = 8;
            }
            LITERAL_CODE[s] = HuffmanCode.reverse(code, bits);
            LITERAL_BITS[s] = bits;
        }
        for (int d = 0; d < 30; d++) {
            DISTANCE_CODE[d] = HuffmanCode.reverse(d, DISTANCE_BITS);
        }
    }

    private FixedHuffman() {
    }

    /**
     * Bits of a fixed-code block holding these symbol counts ({@code literalLengthCounts} includes the end of block),
     * its 3-bit header included.
     */
    static long blockBits(int[] literalLengthCounts, int[] distanceCounts) {
        long bits = 3;
        for (int s = 0; s < MatchSymbols.LITERAL_LENGTH_SYMBOLS; s++) {
            bits += (long) literalLengthCounts[s] * (LITERAL_BITS[s] + MatchSymbols.lengthExtraBits(s));
        }
        for (int d = 0; d < MatchSymbols.DISTANCE_SYMBOLS; d++) {
            bits += (long) distanceCounts[d] * (DISTANCE_BITS + MatchSymbols.distanceExtraBits(d));
        }
        return bits;
    }

    /**
     * Writes a whole block of {@code tokens} (see {@link WindowedDeflater}: a literal byte, or distance and
     * length - 3 packed) with the fixed codes, header and end of block included.
     */
    static void writeBlock(BitWriter out, int[] tokens, int count) {
        out.write(0b010, 3); // BFINAL 0, BTYPE 01: fixed Huffman codes (RFC 1951 §3.2.3)
        for (int i = 0; i < count; i++) {
            int t = tokens[i];
            if (t < 256) {
                out.write(LITERAL_CODE[t], LITERAL_BITS[t]);
            } else {
                int length = (t & 0xFF) + 3;
                int distance = t >>> 8;
                int symbol = MatchSymbols.lengthSymbol(length);
                out.write(LITERAL_CODE[symbol], LITERAL_BITS[symbol]);
                out.write(MatchSymbols.lengthExtraValue(symbol, length), MatchSymbols.lengthExtraBits(symbol));
                int d = MatchSymbols.distanceSymbol(distance);
                out.write(DISTANCE_CODE[d], DISTANCE_BITS);
                out.write(MatchSymbols.distanceExtraValue(d, distance), MatchSymbols.distanceExtraBits(d));
            }
        }
        out.write(LITERAL_CODE[MatchSymbols.END_OF_BLOCK], LITERAL_BITS[MatchSymbols.END_OF_BLOCK]);
    }
}
