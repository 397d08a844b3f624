package dev.wharf.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Incremental UTF-8 validation (RFC 3629, as RFC 6455 §8.1 requires): bytes may be fed in any pieces, split inside a
 * code point. Rejects overlong forms, surrogates (ED A0..BF), code points above U+10FFFF and stray continuation
 * bytes at the first bad byte, so a bad message fails before its end arrives.
 *
 * <p>Runs of ASCII are skipped 32 and then 8 bytes at a time; everything else goes through a table-driven DFA in
 * blocks of 8 bytes with no data-dependent branch: the reject state absorbs, so it is checked once per block. The
 * transition table is laid out by byte value (see {@link #ROWS}) so that consecutive steps do not wait on each
 * other's memory loads.
 */
final class Utf8Validator {

    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    // Byte classes: what a byte may be in RFC 3629's grammar.
    private static final int ASCII = 0;      // 00..7F
    private static final int CONT_8 = 1;     // 80..8F
    private static final int CONT_9 = 2;     // 90..9F
    private static final int CONT_AB = 3;    // A0..BF
    private static final int INVALID = 4;    // C0, C1 (always overlong), F5..FF (beyond U+10FFFF)
    private static final int LEAD_2 = 5;     // C2..DF
    private static final int LEAD_E0 = 6;    // E0: next A0..BF, shorter would be overlong
    private static final int LEAD_3 = 7;     // E1..EC, EE, EF
    private static final int LEAD_ED = 8;    // ED: next 80..9F, higher would be a surrogate
    private static final int LEAD_F0 = 9;    // F0: next 90..BF, shorter would be overlong
    private static final int LEAD_4 = 10;    // F1..F3
    private static final int LEAD_F4 = 11;   // F4: next 80..8F, higher would exceed U+10FFFF
    private static final int CLASSES = 12;

    // States, encoded as bit offsets (multiples of 6) into the 64-bit rows below.
    private static final int ACCEPT = 0;
    private static final int REJECT = 6;
    private static final int TAIL1 = 12;    // one continuation byte 80..BF due
    private static final int TAIL2 = 18;    // two due
    private static final int TAIL3 = 24;    // three due
    private static final int AFTER_E0 = 30;
    private static final int AFTER_ED = 36;
    private static final int AFTER_F0 = 42;
    private static final int AFTER_F4 = 48;

    /**
     * One row per byte value: bits {@code [s, s + 6)} of {@code ROWS[b]} hold the state after reading {@code b} in
     * state {@code s}. The row does not depend on the state, so it is loaded ahead; the only work that depends on the
     * previous byte is a shift and a mask (two cycles), instead of a dependent table load per byte.
     */
    private static final long[] ROWS = new long[256];

    static {
        int[][] next = new int[CLASSES][REJECT + 6 * 8];
        for (int[] row : next) {
            Arrays.fill(row, REJECT);
        }
        int[] conts = {CONT_8, CONT_9, CONT_AB};
        next[ASCII][ACCEPT] = ACCEPT;
        next[LEAD_2][ACCEPT] = TAIL1;
        next[LEAD_E0][ACCEPT] = AFTER_E0;
        next[LEAD_3][ACCEPT] = TAIL2;
        next[LEAD_ED][ACCEPT] = AFTER_ED;
        next[LEAD_F0][ACCEPT] = AFTER_F0;
        next[LEAD_4][ACCEPT] = TAIL3;
        next[LEAD_F4][ACCEPT] = AFTER_F4;
        for (int c : conts) {
            next[c][TAIL1] = ACCEPT;
            next[c][TAIL2] = TAIL1;
            next[c][TAIL3] = TAIL2;
        }
        next[CONT_AB][AFTER_E0] = TAIL1;
        next[CONT_8][AFTER_ED] = TAIL1;
        next[CONT_9][AFTER_ED] = TAIL1;
        next[CONT_9][AFTER_F0] = TAIL2;
        next[CONT_AB][AFTER_F0] = TAIL2;
        next[CONT_8][AFTER_F4] = TAIL2;
        for (int b = 0; b < 256; b++) {
            int c = classOf(b);
            long row = 0;
            for (int st = ACCEPT; st <= AFTER_F4; st += 6) {
                row |= (long) next[c][st] << st;
            }
            ROWS[b] = row;
        }
    }

    private static int classOf(int b) {
        return b < 0x80 ? ASCII : b < 0x90 ? CONT_8 : b < 0xA0 ? CONT_9 : b < 0xC0 ? CONT_AB
                : b < 0xC2 ? INVALID : b < 0xE0 ? LEAD_2 : b == 0xE0 ? LEAD_E0 : b == 0xED ? LEAD_ED
                : b < 0xF0 ? LEAD_3 : b == 0xF0 ? LEAD_F0 : b < 0xF4 ? LEAD_4 : b == 0xF4 ? LEAD_F4 : INVALID;
    }

    private int state = ACCEPT;
    /** Bytes of the current, unfinished code point seen so far (0-3). */
    private int pending;
    /** Whether every byte fed since the last reset was ASCII. */
    private boolean ascii = true;

    /**
     * Feeds {@code length} bytes; returns -1 if they are valid so far, else the index (in {@code bytes}) of the
     * first bad byte. After a failure the validator must be {@link #reset()} before reuse.
     */
    int feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        int s = state;
        long[] rows = ROWS;
        while (i < end) {
            if (s == ACCEPT) {
                i = skipAscii(bytes, i, end);
            }
            // Blocks of up to 8 bytes through the DFA: REJECT absorbs, so checking once per block is enough and
            // the loop has no branch that depends on the data (mixed text would mispredict one per byte).
            int blockStart = i;
            int before = s;
            int blockEnd = Math.min(end, i + 8);
            int any = 0;
            for (; i < blockEnd; i++) {
                any |= bytes[i];
                s = (int) (rows[bytes[i] & 0xFF] >>> s) & 63;
            }
            if (any < 0) {
                ascii = false;
            }
            if (s == REJECT) {
                state = REJECT;
                return firstBad(bytes, blockStart, before);
            }
        }
        state = s;
        if (s != ACCEPT) {
            // The unfinished code point starts at the last lead byte; if none was fed now, it continues.
            int j = end - 1;
            while (j >= offset && (bytes[j] & 0xC0) == 0x80) {
                j--;
            }
            pending = j >= offset ? end - j : pending + length;
        } else {
            pending = 0;
        }
        return -1;
    }

    /** Replays a block that ended in REJECT from the state before it, to report the exact bad byte. */
    private static int firstBad(byte[] bytes, int i, int s) {
        while ((s = (int) (ROWS[bytes[i] & 0xFF] >>> s) & 63) != REJECT) {
            i++;
        }
        return i;
    }

    /** The index of the first non-ASCII byte from {@code i}, or {@code end}, skipping whole words of ASCII. */
    private static int skipAscii(byte[] bytes, int i, int end) {
        while (i + 32 <= end && (((long) ARRAY_LONG.get(bytes, i) | (long) ARRAY_LONG.get(bytes, i + 8)
                | (long) ARRAY_LONG.get(bytes, i + 16) | (long) ARRAY_LONG.get(bytes, i + 24)) & HIGH_BITS) == 0) {
            i += 32;
        }
        while (i + 8 <= end && ((long) ARRAY_LONG.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        return i;
    }

    /** Whether everything fed so far ends at a code point boundary. */
    boolean isComplete() {
        return state == ACCEPT;
    }

    /** Trailing bytes fed so far that belong to an unfinished code point (0-3). */
    int pendingBytes() {
        return state == ACCEPT ? 0 : pending;
    }

    /** Whether every byte fed since the last {@link #reset()} was ASCII (then any decoder's fast path applies). */
    boolean isAscii() {
        return ascii;
    }

    void reset() {
        state = ACCEPT;
        pending = 0;
        ascii = true;
    }

    /** Validates a complete byte sequence (a close reason, for instance). */
    static boolean isValid(byte[] bytes, int offset, int length) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(bytes, offset, length) < 0 && v.isComplete();
    }
}
