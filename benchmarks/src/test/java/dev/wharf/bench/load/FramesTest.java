package dev.wharf.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masking eight bytes at a time, into arrays and direct buffers, against RFC 6455 §5.3 written out byte by byte. */
class FramesTest {

    private static final int KEY = 0x9A3C_51E7;

    /** RFC 6455 §5.3: octet i of the payload XOR octet i mod 4 of the key (the key's first octet sent first). */
    /** {@code src[s, s + length)} masked into a fresh direct buffer at {@code d}: the rule's bytes, nothing more. */
    private static void assertMasksIntoDirectLikeTheRule(byte[] src, int s, int d, int length, ByteOrder order) {
        ByteBuffer dst = ByteBuffer.allocateDirect(d + length + 3).order(order);
        Frames.mask(src, s, dst, d, length, KEY);
        byte[] got = new byte[length];
        dst.get(d, got);
        assertArrayEquals(reference(src, s, length, KEY), got, order + " length " + length + " s " + s + " d " + d);
        for (int i = d + length; i < dst.capacity(); i++) {
            assertEquals(0, dst.get(i), "wrote past the end");
        }
        assertEquals(order, dst.order(), "the buffer's order is left as it was");
        assertEquals(0, dst.position());
    }

    private static byte[] reference(byte[] src, int s, int length, int key) {
        byte[] keyBytes = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (src[s + i] ^ keyBytes[i % 4]);
        }
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void masksIntoArraysLikeTheByteByByteRuleForEveryShortLengthAndOffset() {
        byte[] src = random(200, 1);
        for (int length = 0; length <= 64; length++) {
            for (int s = 0; s < 8; s++) {
                for (int d = 0; d < 8; d++) {
                    byte[] dst = new byte[d + length + 3];
                    Frames.mask(src, s, dst, d, length, KEY);
                    byte[] got = java.util.Arrays.copyOfRange(dst, d, d + length);
                    assertArrayEquals(reference(src, s, length, KEY), got, "length " + length + " s " + s + " d " + d);
                    for (int i = d + length; i < dst.length; i++) {
                        assertEquals(0, dst[i], "wrote past the end");
                    }
                }
            }
        }
    }

    @Test
    void masksIntoDirectBuffersLikeTheByteByByteRuleForEveryShortLengthAndOffset() {
        byte[] src = random(200, 2);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (int length = 0; length <= 64; length++) {
                for (int s = 0; s < 8; s++) {
                    for (int d = 0; d < 8; d++) {
                        assertMasksIntoDirectLikeTheRule(src, s, d, length, order);
                    }
                }
            }
        }
    }

    @Test
    void masksIntoDirectBuffersLikeTheByteByByteRuleAcrossTheShortBoundAndSlices() {
        byte[] src = random(20_000, 3);
        int[] lengths = {Frames.SHORT - 1, Frames.SHORT, Frames.SHORT + 1, Frames.SHORT + 7, 8191, 8192, 8193,
            8192 + 15, 16_384 + 3};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (int length : lengths) {
                for (int s = 0; s < 8; s++) {
                    assertMasksIntoDirectLikeTheRule(src, s, 7 - s, length, order);
                }
            }
        }
    }

    @Test
    void aFrameInAReusedDirectBufferIsTheSameBytesAsAHeapFrame() {
        ByteBuffer direct = ByteBuffer.allocateDirect(Frames.frameLength((1 << 20) + 7));
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, (1 << 20) + 7, 3}) {
            byte[] payload = random(length + 5, length);
            for (boolean rsv1 : new boolean[] {false, true}) {
                ByteBuffer heap = Frames.encode(Frames.BINARY, rsv1, payload, 5, length, KEY);
                Frames.encodeInto(direct, Frames.BINARY, rsv1, payload, 5, length, KEY);
                assertEquals(heap, direct, "length " + length);
                assertEquals(Frames.frameLength(length), direct.remaining());
            }
        }
    }

    @Test
    void outgoingFramesReuseTheirBufferOnlyWhenTheCallerSaysTheSocketTookTheLastOne() {
        OutgoingFrames frames = new OutgoingFrames();
        byte[] a = random(70_000, 3);
        byte[] b = random(70_000, 4);
        ByteBuffer first = frames.encode(Frames.BINARY, false, a, 0, a.length, KEY, true);
        assertTrue(first.isDirect());
        ByteBuffer firstCopy = Frames.encode(Frames.BINARY, false, a, 0, a.length, KEY);
        first.position(1000); // the socket took part of it: the rest still waits

        ByteBuffer second = frames.encode(Frames.BINARY, false, b, 0, b.length, KEY + 1, false);
        assertNotSame(first, second);
        assertEquals(Frames.encode(Frames.BINARY, false, b, 0, b.length, KEY + 1), second);
        assertEquals(firstCopy.position(1000), first, "the waiting frame was not overwritten");

        ByteBuffer third = frames.encode(Frames.TEXT, false, b, 0, 10, KEY + 2, true);
        assertSame(first, third);
        assertEquals(Frames.encode(Frames.TEXT, false, b, 0, 10, KEY + 2), third);

        byte[] big = random(300_000, 5);
        ByteBuffer grown = frames.encode(Frames.BINARY, false, big, 0, big.length, KEY + 3, true);
        assertEquals(Frames.encode(Frames.BINARY, false, big, 0, big.length, KEY + 3), grown);
    }
}
