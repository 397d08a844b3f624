package dev.wharf.engine.deflate;

/**
 * The fixed Huffman codes of RFC 1951 §3.2.6 and the length and distance symbols of §3.2.5, for writing.
 *
 * <p>Only fixed codes are written: the messages permessage-deflate carries are mostly short, where a dynamic code's
 * table (often 60-80 bytes) costs more than it saves; long messages lose some ratio (see docs/DEFLATE.md).
 */
final class FixedHuffman {

    static final int END_OF_BLOCK = 256;

    /** Bit-reversed codes and their lengths for literal/length symbols 0-287. */
    private static final int[] LITERAL_CODE = new int[288];
    private static final int[] LITERAL_BITS = new int[288];
    /** Bit-reversed 5-bit codes for distance symbols 0-29. */
    private static final int[] DISTANCE_CODE = new int[30];

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
            LITERAL_CODE[s] = reverse(code, bits);
            LITERAL_BITS[s] = bits;
        }
        for (int d = 0; d < 30; d++) {
            DISTANCE_CODE[d] = reverse(d, 5);
        }
    }

    private FixedHuffman() {
    }

    private static int reverse(int code, int bits) {
        return Integer.reverse(code) >>> (32 - bits);
    }

    /** Bits a literal byte costs. */
    static int literalBits(int b) {
        return b < 144 ? 8 : 9;
    }

    static void writeLiteral(BitWriter out, int symbol) {
        out.write(LITERAL_CODE[symbol], LITERAL_BITS[symbol]);
    }

    /** Bits a match of {@code length} (3-258) at {@code distance} (1-32768) costs. */
    static int matchBits(int length, int distance) {
        int l = length - 3;
        int lengthBits = l < 8 || l == 255 ? 0 : (31 - Integer.numberOfLeadingZeros(l)) - 2;
        int lengthCode = lengthSymbol(l);
        int d = distance - 1;
        int distanceExtra = d < 4 ? 0 : (31 - Integer.numberOfLeadingZeros(d)) - 1;
        return LITERAL_BITS[lengthCode] + lengthBits + 5 + distanceExtra;
    }

    /** Writes a match: §3.2.5's length symbol and extra bits, then the distance symbol and its extra bits. */
    static void writeMatch(BitWriter out, int length, int distance) {
        int l = length - 3;
        int symbol = lengthSymbol(l);
        writeLiteral(out, symbol);
        if (l >= 8 && l != 255) {
            int nb = 31 - Integer.numberOfLeadingZeros(l);
            out.write(l - ((4 | ((l >>> (nb - 2)) & 3)) << (nb - 2)), nb - 2);
        }
        int d = distance - 1;
        if (d < 4) {
            out.write(DISTANCE_CODE[d], 5);
        } else {
            int nb = 31 - Integer.numberOfLeadingZeros(d);
            int low = (d >>> (nb - 1)) & 1;
            out.write(DISTANCE_CODE[2 * nb + low], 5);
            out.write(d - ((2 | low) << (nb - 1)), nb - 1);
        }
    }

    /** §3.2.5: symbols 257-264 are lengths 3-10, each later group of four doubles its span; 285 is 258. */
    private static int lengthSymbol(int l) {
        if (l < 8) {
            return 257 + l;
        }
        if (l == 255) {
            return 285;
        }
        int nb = 31 - Integer.numberOfLeadingZeros(l);
        return 257 + 4 * (nb - 1) + ((l >>> (nb - 2)) & 3);
    }
}
