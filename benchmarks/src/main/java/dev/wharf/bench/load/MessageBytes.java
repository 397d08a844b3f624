package dev.wharf.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The payload of the message a load connection is receiving, frame by frame, in an array that grows as needed. */
final class MessageBytes {

    private byte[] bytes = new byte[256];
    private int length;

    void clear() {
        length = 0;
    }

    /** Appends the next {@code n} bytes of {@code in}. */
    void append(ByteBuffer in, int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        in.get(bytes, length, n);
        length += n;
    }

    /** RFC 7692 §7.2.2: puts back the {@code 00 00 ff ff} the sender removed, after the payload (not counted). */
    void appendDeflateTail() {
        if (bytes.length < length + 4) {
            bytes = Arrays.copyOf(bytes, length + 4);
        }
        bytes[length] = 0;
        bytes[length + 1] = 0;
        bytes[length + 2] = (byte) 0xFF;
        bytes[length + 3] = (byte) 0xFF;
    }

    /** The array: valid up to {@link #length()} (plus the tail after {@link #appendDeflateTail()}). */
    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }
}
