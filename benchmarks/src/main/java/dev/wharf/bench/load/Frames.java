package dev.wharf.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** RFC 6455 §5.2 client frames: FIN set, masked; the same code for every contender. */
public final class Frames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Frames() {}

    /** One whole masked frame: header, key and {@code payload[offset, offset + length)} masked with {@code key}. */
    public static ByteBuffer encode(int opcode, byte[] payload, int offset, int length, int key) {
        return encode(opcode, false, payload, offset, length, key);
    }

    /** As {@link #encode(int, byte[], int, int, int)}, with RSV1 set if {@code rsv1} (a compressed message, RFC 7692). */
    public static ByteBuffer encode(int opcode, boolean rsv1, byte[] payload, int offset, int length, int key) {
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | (rsv1 ? 0x40 : 0) | opcode);
        if (header == 2) {
            frame[1] = (byte) (0x80 | length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        frame[header] = (byte) (key >>> 24);
        frame[header + 1] = (byte) (key >>> 16);
        frame[header + 2] = (byte) (key >>> 8);
        frame[header + 3] = (byte) key;
        mask(payload, offset, frame, header + 4, length, key);
        return ByteBuffer.wrap(frame);
    }

    /** {@code dst[d + i] = src[s + i] ^ key[i % 4]}, eight bytes at a time. */
    static void mask(byte[] src, int s, byte[] dst, int d, int length, int key) {
        long wide = ((long) key << 32) | (key & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(dst, d + i, (long) LONGS.get(src, s + i) ^ wide);
        }
        for (; i < length; i++) {
            dst[d + i] = (byte) (src[s + i] ^ (key >>> (24 - 8 * (i & 3))));
        }
    }
}
