package dev.wharf.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629, as RFC 6455 §8.1 requires): bytes may be fed in any pieces, split inside a
 * code point. Rejects overlong forms, surrogates (ED A0..BF), code points above U+10FFFF and stray continuation
 * bytes at the first bad byte, so a bad message fails before its end arrives.
 */
final class Utf8Validator {

    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /** What the next byte must be. Each state fixes the allowed range of the next continuation byte. */
    private enum State {
        /** At a code point boundary. */
        ACCEPT,
        /** 1, 2 or 3 continuation bytes 80..BF still due. */
        TAIL1, TAIL2, TAIL3,
        /** After E0: A0..BF (shorter would be overlong). */
        AFTER_E0,
        /** After ED: 80..9F (higher would be a surrogate). */
        AFTER_ED,
        /** After F0: 90..BF (shorter would be overlong). */
        AFTER_F0,
        /** After F4: 80..8F (higher would exceed U+10FFFF). */
        AFTER_F4
    }

    private State state = State.ACCEPT;
    /** Bytes of the current, unfinished code point seen so far (0-3). */
    private int pending;

    /**
     * Feeds {@code length} bytes; returns -1 if they are valid so far, else the index (in {@code bytes}) of the
     * first bad byte. After a failure the validator must be {@link #reset()} before reuse.
     */
    int feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        State s = state;
        while (i < end) {
            if (s == State.ACCEPT) {
                // Fast path: eight ASCII bytes at a time, the common case for text.
                while (i + 8 <= end && ((long) ARRAY_LONG.get(bytes, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            int b = bytes[i] & 0xFF;
            State next = step(s, b);
            if (next == null) {
                state = s;
                return i;
            }
            pending = next == State.ACCEPT ? 0 : (s == State.ACCEPT ? 1 : pending + 1);
            s = next;
            i++;
        }
        state = s;
        return -1;
    }

    private static State step(State s, int b) {
        switch (s) {
            case ACCEPT:
                if (b < 0x80) {
                    return State.ACCEPT;
                } else if (b < 0xC2) {
                    return null; // stray continuation byte, or C0/C1 (always overlong)
                } else if (b < 0xE0) {
                    return State.TAIL1;
                } else if (b == 0xE0) {
                    return State.AFTER_E0;
                } else if (b == 0xED) {
                    return State.AFTER_ED;
                } else if (b < 0xF0) {
                    return State.TAIL2;
                } else if (b == 0xF0) {
                    return State.AFTER_F0;
                } else if (b < 0xF4) {
                    return State.TAIL3;
                } else if (b == 0xF4) {
                    return State.AFTER_F4;
                }
                return null; // F5..FF never appear in UTF-8
            case TAIL1:
                return isTail(b, 0x80, 0xBF) ? State.ACCEPT : null;
            case TAIL2:
                return isTail(b, 0x80, 0xBF) ? State.TAIL1 : null;
            case TAIL3:
                return isTail(b, 0x80, 0xBF) ? State.TAIL2 : null;
            case AFTER_E0:
                return isTail(b, 0xA0, 0xBF) ? State.TAIL1 : null;
            case AFTER_ED:
                return isTail(b, 0x80, 0x9F) ? State.TAIL1 : null;
            case AFTER_F0:
                return isTail(b, 0x90, 0xBF) ? State.TAIL2 : null;
            case AFTER_F4:
                return isTail(b, 0x80, 0x8F) ? State.TAIL2 : null;
            default:
                throw new AssertionError(s);
        }
    }

    private static boolean isTail(int b, int low, int high) {
        return b >= low && b <= high;
    }

    /** Whether everything fed so far ends at a code point boundary. */
    boolean isComplete() {
        return state == State.ACCEPT;
    }

    /** Trailing bytes fed so far that belong to an unfinished code point (0-3). */
    int pendingBytes() {
        return state == State.ACCEPT ? 0 : pending;
    }

    void reset() {
        state = State.ACCEPT;
        pending = 0;
    }

    /** Validates a complete byte sequence (a close reason, for instance). */
    static boolean isValid(byte[] bytes, int offset, int length) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(bytes, offset, length) < 0 && v.isComplete();
    }
}
