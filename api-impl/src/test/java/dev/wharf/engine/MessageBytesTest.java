package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The arrays a whole message passes through while it arrives. */
class MessageBytesTest {

    /** Writes {@code total} pattern bytes in pieces of {@code piece}; returns every array written into, in order. */
    private static List<byte[]> write(MessageBytes bytes, int total, int piece) {
        Map<byte[], Boolean> seen = new IdentityHashMap<>();
        List<byte[]> arrays = new ArrayList<>();
        for (int done = 0; done < total; ) {
            int want = Math.min(piece, total - done);
            while (want > 0) {
                int k = bytes.room(want);
                assertTrue(k >= 1 && k <= want);
                byte[] a = bytes.array();
                if (seen.put(a, Boolean.TRUE) == null) {
                    arrays.add(a);
                }
                for (int i = 0; i < k; i++) {
                    a[bytes.at() + i] = (byte) (done + i);
                }
                bytes.filled(k);
                done += k;
                want -= k;
            }
        }
        return arrays;
    }

    private static void assertPattern(ByteBuffer message, int total) {
        assertEquals(total, message.remaining());
        for (int i = 0; i < total; i++) {
            if (message.get(i) != (byte) i) {
                throw new AssertionError("byte " + i);
            }
        }
    }

    @Test
    @DisplayName("a 1 MiB message of known length: one array of 256 KiB or more, the one handed over")
    void oneLargeArrayPerMessage() {
        MessageBytes bytes = new MessageBytes();
        int total = 1 << 20;
        bytes.expect(total);
        List<byte[]> arrays = write(bytes, total, 16 * 1024);
        List<byte[]> large = arrays.stream().filter(a -> a.length > MessageBytes.MAX_SEGMENT).toList();
        assertEquals(1, large.size(), "arrays larger than a segment");
        assertEquals(total, large.get(0).length);
        long young = arrays.stream().filter(a -> a.length <= MessageBytes.MAX_SEGMENT).mapToLong(a -> a.length).sum();
        assertTrue(young <= total / 2, young + " bytes of segments before the message's own array");
        ByteBuffer message = bytes.takeWhole();
        assertSame(large.get(0), message.array(), "handed over without a copy");
        assertPattern(message, total);
        assertEquals(0, bytes.capacity());
    }

    @Test
    @DisplayName("a small message arriving whole is one array of its exact size")
    void smallMessageOneExactArray() {
        MessageBytes bytes = new MessageBytes();
        bytes.expect(100);
        List<byte[]> arrays = write(bytes, 100, 100);
        assertEquals(1, arrays.size());
        assertEquals(100, arrays.get(0).length);
        assertSame(arrays.get(0), bytes.takeWhole().array());
    }

    @Test
    @DisplayName("length unknown (fragmented): segments no larger than the bound, then one exact copy")
    void unknownLengthStaysInSegments() {
        MessageBytes bytes = new MessageBytes();
        int total = 2 * 1024 * 1024 + 5;
        List<byte[]> arrays = write(bytes, total, 64 * 1024);
        assertTrue(arrays.stream().allMatch(a -> a.length <= MessageBytes.MAX_SEGMENT));
        assertTrue(bytes.capacity() <= total + MessageBytes.MAX_SEGMENT);
        ByteBuffer message = bytes.takeWhole();
        assertEquals(total, message.capacity());
        assertPattern(message, total);
    }

    @Test
    @DisplayName("memory follows the bytes written: at most twice them, or one small segment")
    void memoryFollowsBytesWritten() {
        MessageBytes bytes = new MessageBytes();
        bytes.expect(Integer.MAX_VALUE - 8); // announced, never sent
        int written = 0;
        for (int i = 0; i < 3000; i++) {
            write(bytes, 1000, 1000);
            written += 1000;
            assertTrue(bytes.capacity() <= 2 * written + MessageBytes.MIN_SEGMENT, bytes.capacity() + " for " + written);
        }
    }

    @Test
    @DisplayName("contiguous() joins the segments in order; clear keeps a single small array for the next message")
    void contiguousAndClear() {
        MessageBytes bytes = new MessageBytes();
        write(bytes, 5000, 700);
        byte[] all = bytes.contiguous();
        byte[] expected = new byte[5000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, java.util.Arrays.copyOf(all, 5000));
        bytes.clear(8192);
        assertEquals(5000, bytes.capacity(), "kept for the next text message");
        assertEquals(0, bytes.size());
        bytes.clear(1024);
        assertEquals(0, bytes.capacity(), "larger than the bound: dropped");
    }

    @Test
    @DisplayName("a large message's head arrives in the previous one's segments: only its own array is new")
    void headSegmentsComeBackFromThePool() {
        SegmentPool pool = new SegmentPool(4);
        MessageBytes bytes = new MessageBytes(pool);
        int total = 1 << 20;
        bytes.expect(total);
        List<byte[]> first = write(bytes, total, 64 * 1024);
        ByteBuffer firstMessage = bytes.takeWhole();
        List<byte[]> segments = first.subList(0, first.size() - 1);
        assertEquals(segments.size(), pool.kept(), "every head segment given back");
        bytes.expect(total);
        List<byte[]> second = write(bytes, total, 64 * 1024);
        assertEquals(segments.size() + 1, second.size());
        for (byte[] segment : segments) {
            assertTrue(second.stream().anyMatch(a -> a == segment), "a segment of the first message lent again");
        }
        ByteBuffer secondMessage = bytes.takeWhole();
        assertTrue(secondMessage.array() != firstMessage.array(), "each message its own array");
        assertTrue(segments.stream().noneMatch(a -> a == secondMessage.array()), "never a pooled one");
        assertPattern(firstMessage, total);
        assertPattern(secondMessage, total);
    }

    @Test
    @DisplayName("a segment handed over as a whole message is never lent again")
    void handedOverSegmentNeverReturnsToThePool() {
        SegmentPool pool = new SegmentPool(4);
        MessageBytes bytes = new MessageBytes(pool);
        int total = SegmentPool.SMALLEST; // length unknown: one pooled segment, exactly full
        List<byte[]> arrays = write(bytes, total, total);
        assertEquals(1, arrays.size());
        ByteBuffer message = bytes.takeWhole();
        assertSame(arrays.get(0), message.array(), "handed over without a copy");
        assertEquals(0, pool.kept());
        bytes.expect(1 << 20);
        List<byte[]> next = write(bytes, 1 << 20, 64 * 1024);
        assertTrue(next.stream().noneMatch(a -> a == message.array()));
        bytes.takeWhole();
        assertPattern(message, total);
    }

    @Test
    @DisplayName("a fragmented message copied out of pooled segments gives them back; its own array is not pooled")
    void unknownLengthGivesSegmentsBack() {
        SegmentPool pool = new SegmentPool(4);
        MessageBytes bytes = new MessageBytes(pool);
        int total = 600 * 1024 + 5;
        write(bytes, total, 64 * 1024);
        ByteBuffer message = bytes.takeWhole();
        assertEquals(total, message.capacity());
        assertTrue(pool.kept() >= 3, pool.kept() + " segments kept");
        assertPattern(message, total);
    }
}
