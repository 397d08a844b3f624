package dev.wharf.engine;

/**
 * Decodes UTF-8 that {@link Utf8Validator} has already accepted, so it checks nothing. The JDK's decoder validates
 * again and branches per code point on its length, which mispredicts on text that mixes 1-4 byte sequences; this
 * one does the same arithmetic for every byte, with no data-dependent branch:
 *
 * <ul>
 *   <li>a continuation byte shifts its 6 bits into the code point, any other byte starts a new one;
 *   <li>a count of continuation bytes still due tells when the code point is complete;
 *   <li>each step writes the code point (or its surrogate pair) at the output position, which advances by 0, 1 or
 *       2, so incomplete steps are overwritten by the next ones.
 * </ul>
 */
final class Utf8Decoder {

    /**
     * Per byte value: bits 0-7 the mask of the bits that belong to the code point, bits 8-9 how many continuation
     * bytes a lead byte announces, bit 31 set for a continuation byte (so {@code info >> 31} is an all-ones mask).
     */
    private static final int[] INFO = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            INFO[b] = b < 0x80 ? 0x7F
                    : b < 0xC0 ? 0x8000_0000 | 0x3F
                    : b < 0xE0 ? (1 << 8) | 0x1F
                    : b < 0xF0 ? (2 << 8) | 0x0F
                    : (3 << 8) | 0x07;
        }
    }

    private Utf8Decoder() {
    }

    /** Decodes {@code length} bytes of valid, complete UTF-8 from {@code offset}. */
    static String decode(byte[] bytes, int offset, int length) {
        // At most one char per byte; one more because every step also writes the slot after the current one.
        char[] chars = new char[length + 1];
        int[] info = INFO;
        int n = 0;
        int cp = 0;
        int due = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int b = bytes[i] & 0xFF;
            int x = info[b];
            int continuation = x >> 31;
            cp = ((cp << 6) & continuation) | (b & x & 0xFF);
            due = ((due - 1) & continuation) | ((x >>> 8) & 3);
            int complete = (due - 1) >>> 31;                  // 1 when no continuation byte is due
            int supplementary = (0xFFFF - cp) >>> 31;         // 1 above U+FFFF: a surrogate pair
            int high = (cp >>> 10) + (0xD800 - (0x10000 >>> 10));
            chars[n] = (char) (cp + ((high - cp) & -supplementary));
            chars[n + 1] = (char) (0xDC00 | (cp & 0x3FF));
            n += complete + (complete & supplementary);
        }
        return new String(chars, 0, n);
    }
}
