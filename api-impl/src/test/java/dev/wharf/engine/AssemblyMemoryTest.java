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
}
