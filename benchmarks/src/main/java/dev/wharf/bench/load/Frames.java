package dev.wharf.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/** RFC 6455 §5.2 client frames: FIN set, masked; the same code for every contender. */
public final class Frames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final VarHandle LITTLE_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Masking into a direct buffer goes through this array of longs, a slice at a time: a bulk get of the payload
     * into it, the XOR over a plain {@code long[]} (which C2 vectorizes; a loop over a byte array's long view it does
     * not) and a bulk put into the buffer cost 0.05 ms per MiB, against 0.14-0.19 for a wide put into the buffer per
     * eight bytes and 0.10-0.17 for masking into a byte array and one bulk put per slice (JDK 17, this machine, 1 MiB
     * frames). 8 KiB stays in the first-level cache. One per load thread. Not for frames under {@link #SHORT}: the
     * views cost more than they save there (the small echo's generator spent a fifth more per message).
     */
    private static final int SLICE_LONGS = 1024;
    private static final ThreadLocal<long[]> SLICES = ThreadLocal.withInitial(() -> new long[SLICE_LONGS]);
    /** Payloads shorter than this are masked into a direct buffer with a wide put per eight bytes. */
    static final int SHORT = 1024;

    private Frames() {}

    /** Bytes of a client frame (header, key and payload) carrying {@code length} payload bytes. */
    static int frameLength(int length) {
        return headerLength(length) + 4 + length;
    }

    private static int headerLength(int length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    /** One whole masked frame: header, key and {@code payload[offset, offset + length)} masked with {@code key}. */
    public static ByteBuffer encode(int opcode, byte[] payload, int offset, int length, int key) {
        return encode(opcode, false, payload, offset, length, key);
    }

    /** As {@link #encode(int, byte[], int, int, int)}, with RSV1 set if {@code rsv1} (a compressed message, RFC 7692). */
    public static ByteBuffer encode(int opcode, boolean rsv1, byte[] payload, int offset, int length, int key) {
        byte[] frame = new byte[frameLength(length)];
        int header = headerLength(length);
        ByteBuffer wrapped = ByteBuffer.wrap(frame);
        putHeader(wrapped, opcode, rsv1, length, key);
        mask(payload, offset, frame, header + 4, length, key);
        return wrapped;
    }

    /**
     * As {@link #encode(int, boolean, byte[], int, int, int)}, into {@code frame} from index 0 (its capacity at least
     * {@link #frameLength}); position 0 and limit at the frame's end afterwards. Meant for a reused direct buffer.
     */
    static void encodeInto(ByteBuffer frame, int opcode, boolean rsv1, byte[] payload, int offset, int length,
            int key) {
        int header = headerLength(length);
        frame.clear();
        putHeader(frame, opcode, rsv1, length, key);
        mask(payload, offset, frame, header + 4, length, key);
        frame.limit(header + 4 + length).position(0);
    }

    /** Writes the header and key at {@code frame}'s index 0 (absolute puts: its position does not move). */
    private static void putHeader(ByteBuffer frame, int opcode, boolean rsv1, int length, int key) {
        frame.put(0, (byte) (0x80 | (rsv1 ? 0x40 : 0) | opcode));
        int header = headerLength(length);
        if (header == 2) {
            frame.put(1, (byte) (0x80 | length));
        } else if (header == 4) {
            frame.put(1, (byte) (0x80 | 126));
            frame.put(2, (byte) (length >>> 8));
            frame.put(3, (byte) length);
        } else {
            frame.put(1, (byte) (0x80 | 127));
            for (int i = 0; i < 8; i++) {
                frame.put(2 + i, (byte) ((long) length >>> (56 - 8 * i)));
            }
        }
        frame.put(header, (byte) (key >>> 24));
        frame.put(header + 1, (byte) (key >>> 16));
        frame.put(header + 2, (byte) (key >>> 8));
        frame.put(header + 3, (byte) key);
    }

    /** {@code dst[d + i] = src[s + i] ^ key[i % 4]}, eight bytes at a time. */
    static void mask(byte[] src, int s, byte[] dst, int d, int length, int key) {
        maskLittle(src, s, dst, d, length, key);
    }

    /**
     * As {@link #mask(byte[], int, byte[], int, int, int)} into {@code dst} at index {@code d} (absolute: its position
     * and byte order do not change): the whole longs a slice at a time through an array of this thread's, read and
     * written in little-endian order with the key's bytes turned to match, then the last bytes one by one.
     */
    static void mask(byte[] src, int s, ByteBuffer dst, int d, int length, int key) {
        if (length < SHORT) {
            maskShort(src, s, dst, d, length, key);
            return;
        }
        int longs = length >>> 3;
        if (longs > 0) {
            long wide = littleWide(key);
            long[] slice = SLICES.get();
            LongBuffer in = ByteBuffer.wrap(src, s, 8 * longs).slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            LongBuffer out = dst.slice(d, 8 * longs).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            for (int done = 0; done < longs; done += SLICE_LONGS) {
                int n = Math.min(SLICE_LONGS, longs - done);
                in.get(done, slice, 0, n);
                for (int i = 0; i < n; i++) {
                    slice[i] ^= wide;
                }
                out.put(done, slice, 0, n);
            }
        }
        // 8 × longs is a multiple of 4: the last bytes start at key byte 0, as the index's own phase says.
        for (int i = 8 * longs; i < length; i++) {
            dst.put(d + i, (byte) (src[s + i] ^ (key >>> (24 - 8 * (i & 3)))));
        }
    }

    /** As {@link #mask(byte[], int, ByteBuffer, int, int, int)}: a little-endian wide put per eight bytes. */
    private static void maskShort(byte[] src, int s, ByteBuffer dst, int d, int length, int key) {
        ByteOrder order = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        long wide = littleWide(key);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            dst.putLong(d + i, (long) LITTLE_LONGS.get(src, s + i) ^ wide);
        }
        for (; i < length; i++) {
            dst.put(d + i, (byte) (src[s + i] ^ (key >>> (24 - 8 * (i & 3)))));
        }
        dst.order(order);
    }

    /** The key over eight bytes as a little-endian long reads them: key byte 0 lowest. */
    private static long littleWide(int key) {
        int little = Integer.reverseBytes(key);
        return ((long) little << 32) | (little & 0xFFFFFFFFL);
    }

    /**
     * As {@link #mask(byte[], int, byte[], int, int, int)}, eight bytes at a time in little-endian order, the key's
     * bytes turned to match: on x86 and ARM plain loads and stores, no byte swap per word.
     */
    static void maskLittle(byte[] src, int s, byte[] dst, int d, int length, int key) {
        long wide = littleWide(key);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LITTLE_LONGS.set(dst, d + i, (long) LITTLE_LONGS.get(src, s + i) ^ wide);
        }
        for (; i < length; i++) {
            dst[d + i] = (byte) (src[s + i] ^ (key >>> (24 - 8 * (i & 3))));
        }
    }
}
