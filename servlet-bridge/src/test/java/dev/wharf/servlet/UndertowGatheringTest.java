package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wharf.session.WriteCallback;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A gathering write (several queued frames, or one frame's header and payload) reaches an Undertow-like servlet output
 * as one {@code write} call, Undertow making a system call per call; large payloads keep a write of their own.
 */
class UndertowGatheringTest {

    /**
     * Stands in for Undertow 2.3's upgraded output: every call is one system call there, and it sends the whole
     * backing array, so each call's array must be exactly the bytes meant.
     */
    private static final class CallRecordingOutput extends ServletOutputStream {
        final List<byte[]> calls = new ArrayList<>();

        @Override
        public void write(byte[] b, int off, int len) {
            assertEquals(0, off, "Undertow sends the whole array: a write must start at its first byte");
            assertEquals(b.length, len, "Undertow sends the whole array: a write must cover all of it");
            calls.add(b.clone());
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        byte[] all() {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            calls.forEach(joined::writeBytes);
            return joined.toByteArray();
        }
    }

    private static final class NoInput extends ServletInputStream {
        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }

        @Override
        public int read() {
            return -1;
        }
    }

    private static final class Connection implements WebConnection {
        final CallRecordingOutput out = new CallRecordingOutput();

        @Override
        public ServletInputStream getInputStream() {
            return new NoInput();
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }

        @Override
        public void close() {
        }
    }

    private static final class Completion implements WriteCallback {
        int completed;

        @Override
        public void completed() {
            completed++;
        }

        @Override
        public void failed(Throwable cause) {
            throw new AssertionError("write failed", cause);
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("three frames gathered into one write (a header, a payload view, two read-only broadcast frames) are one call")
    void gatheredFramesAreOneCall() throws Exception {
        Connection connection = new Connection();
        ServletTransport transport = new ServletTransport(connection, true);
        ByteBuffer payload = ascii("xxpayloadxx");
        payload.position(2).limit(9); // a view inside a larger array, as an application's buffer may be
        ByteBuffer shared = ascii("broadcast").asReadOnlyBuffer(); // no accessible array, as a room's frame
        Completion done = new Completion();

        transport.write(new ByteBuffer[] {ascii("head"), payload, shared, ascii("last")}, done);

        assertEquals(1, connection.out.calls.size(), "one servlet write, so one system call on Undertow");
        assertArrayEquals("headpayloadbroadcastlast".getBytes(StandardCharsets.US_ASCII), connection.out.all());
        assertEquals(1, done.completed);
    }

    @Test
    @DisplayName("a payload over the join limit keeps a write of its own: no copy of a large message, bytes in order")
    void largePayloadIsNotJoined() throws Exception {
        Connection connection = new Connection();
        ServletTransport transport = new ServletTransport(connection, true);
        byte[] big = new byte[OneArrayPerWrite.LIMIT + 1];
        Arrays.fill(big, (byte) 'b');
        Completion done = new Completion();

        transport.write(new ByteBuffer[] {ascii("h1"), ByteBuffer.wrap(big), ascii("h2"), ascii("p2")}, done);

        assertEquals(3, connection.out.calls.size(), "the header, the large payload, then the next frame joined");
        assertArrayEquals(new byte[] {'h', '1'}, connection.out.calls.get(0));
        assertArrayEquals(big, connection.out.calls.get(1));
        assertArrayEquals("h2p2".getBytes(StandardCharsets.US_ASCII), connection.out.calls.get(2));
        assertEquals(1, done.completed);
    }

    @Test
    @DisplayName("joining leaves a single buffer, and neighbours too large to share a write, as they are")
    void nothingToJoin() {
        ByteBuffer[] one = {ascii("only")};
        assertSame(one, OneArrayPerWrite.join(one));
        ByteBuffer[] large = {ByteBuffer.allocate(OneArrayPerWrite.LIMIT), ByteBuffer.allocate(1)};
        assertSame(large, OneArrayPerWrite.join(large));
        ByteBuffer[] fits = {ByteBuffer.allocate(OneArrayPerWrite.LIMIT - 1), ByteBuffer.allocate(1)};
        ByteBuffer[] joined = OneArrayPerWrite.join(fits);
        assertEquals(1, joined.length, "exactly the limit is joined");
        assertEquals(OneArrayPerWrite.LIMIT, joined[0].remaining());
    }
}
