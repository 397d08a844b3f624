package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: the message buffer follows the payload that arrived, never the length a header announces, so a peer
 * that sends headers and then nothing holds almost no memory.
 */
class AssemblyMemoryTest {

    private static final int LIMIT = 1 << 20;

    /** A parser feeding an assembler, as the engine wires them (data frames only). */
    private static final class Assembly {
        final Recorder recorder = new Recorder();
        final MessageAssembler assembler;
        final FrameParser parser = new FrameParser(Role.SERVER, -1, 0, new FrameParser.Handler() {
            @Override
            public void onFrameStart(FrameParser frame) throws ProtocolViolation {
                assembler.frameStart(frame);
            }

            @Override
            public void onPayload(PayloadChunk chunk) throws ProtocolViolation {
                assembler.payload(chunk);
            }

            @Override
            public void onFrameEnd(FrameParser frame) throws ProtocolViolation {
                assembler.frameEnd(frame);
            }
        });

        Assembly() {
            this(LIMIT);
        }

        /** {@code limit} for text and binary messages; -1 for none. */
        Assembly(long limit) {
            assembler = new MessageAssembler(recorder, List.of(), limit, limit);
        }

        void feed(byte[] bytes) throws ProtocolViolation {
            parser.parse(ByteBuffer.wrap(bytes));
        }
    }

    /** A masked client frame header announcing {@code length} bytes (64-bit length form), mask key 0. */
    private static byte[] header(int firstByte, long length) {
        return ByteBuffer.allocate(14).put((byte) firstByte).put((byte) (0x80 | 127)).putLong(length)
                .putInt(0).array();
    }

    @Test
    @DisplayName("RFC 6455 §10.4 / issue #19: a header announcing the 1 MiB limit alone reserves at most 4 KiB")
    void headerAloneReservesLittle() throws ProtocolViolation {
        Assembly a = new Assembly();
        a.feed(header(0x82, LIMIT));
        assertTrue(a.assembler.bufferCapacity() <= MessageAssembler.PREALLOCATED,
                "reserved " + a.assembler.bufferCapacity() + " bytes for a header");
        assertEquals(List.of(), a.recorder.events);
    }

    @Test
    @DisplayName("the buffer grows with the payload received: 100 KiB of an announced 1 MiB holds under 256 KiB")
    void bufferFollowsArrivedBytes() throws ProtocolViolation {
        Assembly a = new Assembly();
        a.feed(header(0x82, LIMIT));
        byte[] chunk = new byte[1000]; // mask key 0: payload bytes go in as they are
        for (int i = 0; i < 100; i++) {
            a.feed(chunk);
        }
        int capacity = a.assembler.bufferCapacity();
        assertTrue(capacity >= 100_000 && capacity < 256 * 1024, "capacity " + capacity + " for 100,000 bytes");
    }

    @Test
    @DisplayName("a whole message fed in small pieces arrives intact, in a buffer of exactly its size")
    void grownMessageIsIntactAndExact() throws ProtocolViolation {
        Assembly a = new Assembly();
        int size = 300_001;
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31);
        }
        a.feed(header(0x82, size));
        for (int at = 0; at < size; at += 777) {
            a.feed(Arrays.copyOfRange(payload, at, Math.min(size, at + 777)));
        }
        assertEquals(1, a.recorder.messages.size());
        assertArrayEquals(payload, (byte[]) a.recorder.messages.get(0));
        ByteBuffer handed = a.recorder.handedOver.get(0);
        assertEquals(size, handed.capacity(), "the final frame's length caps growth: no slack handed over");
    }

    @Test
    @DisplayName("a fragmented text message grows across frames and is validated and delivered whole")
    void fragmentedTextGrows() throws ProtocolViolation {
        Assembly a = new Assembly();
        byte[] part = new byte[10_000];
        Arrays.fill(part, (byte) 'a');
        a.feed(Wire.clientFrame(0x01, part));
        a.feed(Wire.clientFrame(0x00, part));
        a.feed(Wire.clientFrame(0x80, part));
        assertEquals(1, a.recorder.messages.size());
        assertEquals(30_000, ((String) a.recorder.messages.get(0)).length());
    }

    @Test
    @DisplayName("RFC 6455 §10.4: the limit still applies from the header, before any payload")
    void limitStillFromHeader() {
        Assembly a = new Assembly();
        ProtocolViolation v = org.junit.jupiter.api.Assertions.assertThrows(ProtocolViolation.class,
                () -> a.feed(header(0x82, LIMIT + 1L)));
        assertEquals(1009, v.closeCode);
        assertEquals(0, a.assembler.bufferCapacity());
        assertEquals(List.of(), a.recorder.events);
    }

    @Test
    @DisplayName("issue #19: without any limit, a header announcing almost 2 GiB reserves no more than a limited one")
    void unlimitedHeaderReservesLittle() throws ProtocolViolation {
        // EngineFuzzTest's finding: all limits off, a 14-byte text header announcing 0x6f880113 bytes (~1.9 GB)
        // made the assembler allocate that much before any payload arrived.
        Assembly a = new Assembly(-1);
        a.feed(header(0x81, 0x6f880113L));
        assertTrue(a.assembler.bufferCapacity() <= MessageAssembler.PREALLOCATED,
                "reserved " + a.assembler.bufferCapacity() + " bytes for a header");
        assertEquals(List.of(), a.recorder.events);
    }

    /** Feeds {@code bytes} in pieces of {@code piece} bytes, checking after each that memory follows what arrived. */
    private static void feedInPieces(Assembly a, byte[] bytes, int piece) throws ProtocolViolation {
        for (int at = 0; at < bytes.length; at += piece) {
            int end = Math.min(bytes.length, at + piece);
            a.feed(Arrays.copyOfRange(bytes, at, end));
            int held = a.assembler.bufferCapacity();
            assertTrue(held <= 2L * end + MessageBytes.MIN_SEGMENT, held + " bytes held after " + end + " received");
        }
    }

    private static byte[] pattern(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 7 + (i >>> 11));
        }
        return payload;
    }

    @Test
    @DisplayName("a masked 1 MiB + 1 message in 16 KiB reads arrives byte-exact in an array of its size")
    void largeMaskedMessageInReads() throws ProtocolViolation {
        Assembly a = new Assembly(-1);
        byte[] payload = pattern((1 << 20) + 1);
        feedInPieces(a, Wire.frame(0x82, payload, true, 0x1234_5678), 16 * 1024);
        assertEquals(1, a.recorder.messages.size());
        assertArrayEquals(payload, (byte[]) a.recorder.messages.get(0));
        ByteBuffer handed = a.recorder.handedOver.get(0);
        assertEquals(payload.length, handed.capacity());
        assertEquals(0, a.assembler.bufferCapacity(), "nothing kept after a binary message");
    }

    @Test
    @DisplayName("a 3 MiB message in 40 fragments (length unknown until the last) arrives byte-exact and exact-sized")
    void largeFragmentedMessage() throws ProtocolViolation {
        Assembly a = new Assembly(-1);
        byte[] payload = pattern(3 << 20);
        int fragment = payload.length / 40 + 1;
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < payload.length; at += fragment) {
            int end = Math.min(payload.length, at + fragment);
            int first = (at == 0 ? 0x02 : 0x00) | (end == payload.length ? 0x80 : 0);
            wire.writeBytes(Wire.frame(first, Arrays.copyOfRange(payload, at, end), true, at + 0x0F0F_0F0F));
        }
        feedInPieces(a, wire.toByteArray(), 64 * 1024 + 3);
        assertEquals(1, a.recorder.messages.size());
        assertArrayEquals(payload, (byte[]) a.recorder.messages.get(0));
        assertEquals(payload.length, a.recorder.handedOver.get(0).capacity());
    }

    @Test
    @DisplayName("a large text message split mid-code-point across reads and fragments is validated and delivered whole")
    void largeTextAcrossSegments() throws ProtocolViolation {
        Assembly a = new Assembly(-1);
        String text = "añ€😀".repeat(100_000); // 1-4 byte code points: segment borders fall inside them
        byte[] utf8 = Wire.utf8(text);
        int half = utf8.length / 2 + 1;
        byte[] wire = Wire.concat(Wire.frame(0x01, Arrays.copyOfRange(utf8, 0, half), true, 0x0102_0304),
                Wire.frame(0x80, Arrays.copyOfRange(utf8, half, utf8.length), true, 0x0A0B_0C0D));
        feedInPieces(a, wire, 10_007);
        assertEquals(List.of(text), a.recorder.messages);
    }
}
