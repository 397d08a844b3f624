package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DirectWriteTest {

    /** A non-blocking socket's view: takes at most {@code room} more bytes, counting its calls. */
    private static class Socket implements WritableByteChannel {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int room;
        int calls;

        Socket(int room) {
            this.room = room;
        }

        @Override
        public int write(ByteBuffer src) {
            calls++;
            int n = Math.min(room, src.remaining());
            byte[] bytes = new byte[n];
            src.get(bytes);
            wire.writeBytes(bytes);
            room -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }

        String sent() {
            return wire.toString(StandardCharsets.US_ASCII);
        }
    }

    /** A socket channel's view: gathering writes too, each one call however many buffers it takes from. */
    private static final class GatheringSocket extends Socket implements GatheringByteChannel {
        /** The number of buffers offered to each gathering call. */
        final java.util.List<Integer> gathered = new java.util.ArrayList<>();

        GatheringSocket(int room) {
            super(room);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            gathered.add(length);
            int before = room;
            calls++;
            for (int i = offset; i < offset + length && room > 0; i++) {
                int n = Math.min(room, srcs[i].remaining());
                byte[] bytes = new byte[n];
                srcs[i].get(bytes);
                wire.writeBytes(bytes);
                room -= n;
            }
            return before - room;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }
    }

    /** A large frame: a 4-byte header and {@code length} payload bytes counting up from 0. */
    private static ByteBuffer[] largeFrame(int length) {
        ByteBuffer payload = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            payload.put(i, (byte) i);
        }
        return new ByteBuffer[] {ByteBuffer.wrap(new byte[] {(byte) 0x82, 126, 1, 2}), payload};
    }

    private static void assertLargeFrameOnTheWire(byte[] wire, int length) {
        assertEquals(4 + length, wire.length);
        assertEquals((byte) 0x82, wire[0]);
        assertEquals(2, wire[3]);
        for (int i = 0; i < length; i++) {
            assertEquals((byte) i, wire[4 + i], "payload byte " + i);
        }
    }

    @Test
    @DisplayName("the frames from the first unsent one go out in one write, in order, and are consumed")
    void writesEverythingInOneCall() throws Exception {
        Socket socket = new Socket(100);
        ByteBuffer[] frames = AsciiBuffers.of("zero", "one", "", "two", "three");
        frames[0].position(4); // sent before: not again
        assertTrue(DirectWrite.write(socket, frames, 1));
        assertEquals("onetwothree", socket.sent());
        assertEquals(1, socket.calls);
        for (ByteBuffer b : frames) {
            assertFalse(b.hasRemaining());
        }
    }

    @Test
    @DisplayName("a socket that takes part of it: exactly that much is consumed, the rest stays for the next write")
    void partialWriteConsumesWhatWentOut() throws Exception {
        Socket socket = new Socket(5);
        ByteBuffer[] frames = AsciiBuffers.of("one", "two", "three");
        assertFalse(DirectWrite.write(socket, frames, 0));
        assertEquals("onetw", socket.sent());
        assertEquals(0, frames[0].remaining());
        assertEquals(1, frames[1].remaining());
        assertEquals(5, frames[2].remaining());

        socket.room = 100;
        assertTrue(DirectWrite.write(socket, frames, 1));
        assertEquals("onetwothree", socket.sent(), "every byte once, in order");
    }

    @Test
    @DisplayName("a socket that takes nothing: nothing is consumed")
    void fullSocketConsumesNothing() throws Exception {
        Socket socket = new Socket(0);
        ByteBuffer[] frames = AsciiBuffers.of("one", "two");
        assertFalse(DirectWrite.write(socket, frames, 0));
        assertEquals(3, frames[0].remaining());
        assertEquals(3, frames[1].remaining());
    }

    @Test
    @DisplayName("more than the limit goes out from the frames themselves, a piece at a time, in order")
    void overTheLimitGoesOutInPieces() throws Exception {
        Socket socket = new Socket(Integer.MAX_VALUE);
        ByteBuffer payload = ByteBuffer.allocate(2 * DirectWrite.PIECE + 5);
        for (int i = 0; i < payload.capacity(); i++) {
            payload.put(i, (byte) i);
        }
        ByteBuffer[] frames = {ByteBuffer.wrap(new byte[] {(byte) 0x82, 127}), payload};
        assertTrue(DirectWrite.write(socket, frames, 0));
        assertEquals(1 + 3, socket.calls, "the header, then the payload in pieces of at most PIECE bytes");
        byte[] wire = socket.wire.toByteArray();
        assertEquals(2 + payload.capacity(), wire.length);
        for (int i = 0; i < payload.capacity(); i++) {
            assertEquals((byte) i, wire[2 + i]);
        }
        assertFalse(payload.hasRemaining());
    }

    @Test
    @DisplayName("a large write the socket takes only part of stops there and consumes exactly what went out")
    void overTheLimitStopsWhenTheSocketIsFull() throws Exception {
        int room = DirectWrite.PIECE + 100;
        Socket socket = new Socket(room);
        ByteBuffer[] frames = {ByteBuffer.allocate(10), ByteBuffer.allocate(3 * DirectWrite.PIECE)};
        assertFalse(DirectWrite.write(socket, frames, 0));
        assertEquals(3, socket.calls, "the header, a whole piece, a part of the next: then it stops");
        assertEquals(room, socket.wire.size());
        assertFalse(frames[0].hasRemaining());
        assertEquals(3 * DirectWrite.PIECE - (room - 10), frames[1].remaining());
    }

    @Test
    @DisplayName("a large frame's header goes out in one call with its payload's first piece where the channel gathers")
    void headerGoesOutWithTheFirstPiece() throws Exception {
        GatheringSocket socket = new GatheringSocket(Integer.MAX_VALUE);
        int length = 2 * DirectWrite.PIECE + 5;
        ByteBuffer[] frames = largeFrame(length);
        assertTrue(DirectWrite.write(socket, frames, 0));
        assertEquals(3, socket.calls, "header and a piece, a piece, the last 5 bytes: no call for the header alone");
        assertEquals(2, socket.gathered.get(0));
        assertLargeFrameOnTheWire(socket.wire.toByteArray(), length);
        assertFalse(frames[0].hasRemaining());
        assertFalse(frames[1].hasRemaining());
    }

    @Test
    @DisplayName("a gathering write the socket takes part of consumes exactly that much, wherever it stops")
    void gatheredWriteConsumesExactlyWhatWentOut() throws Exception {
        int length = DirectWrite.PIECE + 7;
        for (int room : new int[] {0, 1, 3, 4, 5, 100, DirectWrite.PIECE + 3, DirectWrite.PIECE + 4}) {
            GatheringSocket socket = new GatheringSocket(room);
            ByteBuffer[] frames = largeFrame(length);
            assertFalse(DirectWrite.write(socket, frames, 0), "room " + room);
            assertEquals(room, socket.wire.size(), "room " + room);
            assertEquals(4 + length - room, frames[0].remaining() + frames[1].remaining(), "room " + room);

            socket.room = Integer.MAX_VALUE;
            int from = frames[0].hasRemaining() ? 0 : 1;
            assertTrue(DirectWrite.write(socket, frames, from), "room " + room);
            assertLargeFrameOnTheWire(socket.wire.toByteArray(), length);
        }
    }
}
