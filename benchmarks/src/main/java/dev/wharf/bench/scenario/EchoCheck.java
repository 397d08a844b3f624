package dev.wharf.bench.scenario;

import java.nio.ByteBuffer;

/**
 * Checks one connection's echoes piece by piece as they are read, against the payload it sends: the first 16 bytes
 * must be the expected sequence number in hexadecimal, every other byte the sent one, and the length the sent length.
 * Nothing is copied: each piece is compared where it was read ({@link ByteBuffer#mismatch}, vectorized like
 * {@code Arrays.equals}, for a direct read buffer too). The sent payload's own first 16 bytes are not used: with
 * several messages in flight they already hold a later sequence number.
 */
final class EchoCheck {

    private final byte[] sent;
    private final int size;
    /** The expected sequence number in hexadecimal, the echo's first 16 bytes. */
    private final byte[] head = new byte[16];
    private int at;
    private boolean same;

    EchoCheck(byte[] sent, int size) {
        this.sent = sent;
        this.size = size;
    }

    /** An echo starts; it must carry sequence number {@code seq}. */
    void begin(long seq) {
        Scenario.putHex(seq, head, 0);
        at = 0;
        same = true;
    }

    /** The echo's next {@code n} bytes, {@code in}'s at {@code [index, index + n)}; its position does not move. */
    void take(ByteBuffer in, int index, int n) {
        int from = at;
        at += n;
        if (!same) {
            return;
        }
        if (at > size) {
            same = false; // longer than what was sent
            return;
        }
        int i = 0;
        for (; i < n && from + i < head.length; i++) {
            if (in.get(index + i) != head[from + i]) {
                same = false;
                return;
            }
        }
        if (i < n) {
            same = in.slice(index + i, n - i).mismatch(ByteBuffer.wrap(sent, from + i, n - i)) < 0;
        }
    }

    /** Whether the echo, now complete, was the sent message byte for byte. */
    boolean matches() {
        return same && at == size;
    }
}
