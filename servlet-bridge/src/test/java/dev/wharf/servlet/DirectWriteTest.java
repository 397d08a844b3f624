package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DirectWriteTest {

    /** A non-blocking socket's view: takes at most {@code room} more bytes, counting its calls. */
    private static final class Socket implements WritableByteChannel {
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
}
