package dev.wharf.engine.deflate;

/**
 * RFC 1951 §3.2.5: how a match's length (3-258) and distance (1-32768) become a symbol and extra bits, shared by the
 * fixed and the dynamic Huffman blocks.
 */
final class MatchSymbols {

    /** Literal/length symbols a block may use: bytes 0-255, end of block 256, lengths 257-285. */
    static final int LITERAL_LENGTH_SYMBOLS = 286;
    static final int DISTANCE_SYMBOLS = 30;
    static final int END_OF_BLOCK = 256;

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    /** Symbol for each length - 3 (0-255). */
    private static final short[] LENGTH_SYMBOL = new short[256];

    static {
        for (int i = 0; i < LENGTH_BASE.length; i++) {
            int top = i + 1 < LENGTH_BASE.length ? LENGTH_BASE[i + 1] : 259;
            for (int length = LENGTH_BASE[i]; length < top; length++) {
                LENGTH_SYMBOL[length - 3] = (short) (257 + i);
            }
        }
        LENGTH_SYMBOL[255] = 285; // 258 has its own symbol, not 284 with extra bits 31
    }

    private MatchSymbols() {
    }

    /** The literal/length symbol of a match of {@code length} (3-258). */
    static int lengthSymbol(int length) {
        return LENGTH_SYMBOL[length - 3];
    }

    /** Extra bits after literal/length symbol {@code symbol}: 0 for literals and end of block. */
    static int lengthExtraBits(int symbol) {
        return symbol <= END_OF_BLOCK ? 0 : LENGTH_EXTRA[symbol - 257];
    }

    /** The value of the extra bits for {@code length}, whose symbol is {@code symbol}. */
    static int lengthExtraValue(int symbol, int length) {
        return length - LENGTH_BASE[symbol - 257];
    }

    /** The distance symbol (0-29) of {@code distance} (1-32768). */
    static int distanceSymbol(int distance) {
        int d = distance - 1;
        if (d < 4) {
            return d;
        }
        int nb = 31 - Integer.numberOfLeadingZeros(d);
        return 2 * nb + ((d >>> (nb - 1)) & 1);
    }

    static int distanceExtraBits(int symbol) {
        return symbol < 4 ? 0 : symbol / 2 - 1;
    }

    static int distanceExtraValue(int symbol, int distance) {
        return distance - DISTANCE_BASE[symbol];
    }
}
