package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.session.WriteCallback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one write a servlet or Tomcat-native transport has under way: partial progress, one completion, closing. */
class PendingWriteTest {

    private final PendingWrite pending = new PendingWrite();
    private final Recorder callback = new Recorder();

    /** A host output that takes at most {@code room} bytes until a test gives it more. */
    private static final class HostOutput implements PendingWrite.Output {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int room;
        boolean flushPending;
        Runnable duringWrite = () -> { };
        /** Times asked whether it is ready: a host registers for its write event when asked and not ready. */
        int readyAsked;

        @Override
        public boolean ready() {
            readyAsked++;
            return room > 0;
        }

        @Override
        public void write(ByteBuffer bytes) {
            duringWrite.run();
            int n = Math.min(room, bytes.remaining());
            byte[] chunk = new byte[n];
            bytes.get(chunk);
            taken.writeBytes(chunk);
            room -= n;
        }

        @Override
        public boolean flushed() {
            return !flushPending;
        }
    }

    /**
     * A host output that can also write past its own buffer, as the Tomcat-native transport does: one direct write
     * takes up to {@code socketRoom} bytes, and is refused while bytes handed to {@link #write} wait in the host.
     */
    private static final class DirectHostOutput implements PendingWrite.Output {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<String> calls = new ArrayList<>();
        int socketRoom;
        int hostHolds;

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean writeAll(ByteBuffer[] buffers, int from) {
            if (hostHolds > 0) {
                calls.add("refused");
                return false;
            }
            calls.add("direct from " + from);
            for (int i = from; i < buffers.length; i++) {
                int n = Math.min(socketRoom, buffers[i].remaining());
                byte[] chunk = new byte[n];
                buffers[i].get(chunk);
                wire.writeBytes(chunk);
                socketRoom -= n;
                if (buffers[i].hasRemaining()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void write(ByteBuffer bytes) {
            calls.add("host write " + bytes.remaining());
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            wire.writeBytes(chunk); // after everything written directly before: the host sends its buffer next
            hostHolds += chunk.length;
        }

        @Override
        public boolean flushed() {
            return hostHolds == 0;
        }
    }

    private static final class Recorder implements WriteCallback {
        final List<String> events = new ArrayList<>();

        @Override
        public void completed() {
            events.add("completed");
        }

        @Override
        public void failed(Throwable cause) {
            events.add("failed: " + cause.getMessage());
        }
    }

    @Test
    @DisplayName("a write the host takes a part at a time completes once, after its last byte and the flush")
    void partialProgressCompletesOnce() {
        HostOutput host = new HostOutput();
        host.room = 3;
        assertTrue(pending.start(AsciiBuffers.of("head", "", "payload"), callback));
        pending.drain(host);
        assertEquals("hea", host.taken.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(), callback.events, "not done while bytes wait");

        host.room = 100;
        host.flushPending = true;
        pending.drain(host); // the host's write event
        assertEquals("headpayload", host.taken.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(), callback.events, "not done while the flush is going out");

        host.flushPending = false;
        pending.drain(host);
        pending.drain(host); // a late event finds nothing to do
        assertEquals(List.of("completed"), callback.events);
    }

    @Test
    @DisplayName("after close, a new write fails at once, and one under way fails at its next step")
    void closedRefusesAndStops() {
        HostOutput host = new HostOutput();
        assertTrue(pending.start(AsciiBuffers.of("frame"), callback));
        pending.drain(host); // no room: waits
        assertTrue(pending.close());
        assertFalse(pending.close(), "closing twice is reported");
        host.room = 100;
        pending.drain(host);
        assertEquals(List.of("failed: connection closed"), callback.events);
        assertEquals(0, host.taken.size(), "nothing handed to a closed connection");

        Recorder late = new Recorder();
        assertFalse(pending.start(AsciiBuffers.of("late"), late));
        assertEquals(List.of("failed: connection closed"), late.events);
    }

    @Test
    @DisplayName("a host that reports an error from inside a write completes the write once, with the error")
    void errorFromInsideTheWriteCompletesOnce() {
        HostOutput host = new HostOutput();
        host.room = 100;
        host.duringWrite = () -> pending.fail(new IOException("peer gone")); // as Tomcat 10.1's onError does
        assertTrue(pending.start(AsciiBuffers.of("frame"), callback));
        pending.drain(host);
        assertEquals(List.of("failed: peer gone"), callback.events);
    }

    @Test
    @DisplayName("closing with an action runs it under the write's lock, every time")
    void closeWithRunsTheAction() {
        List<String> closes = new ArrayList<>();
        pending.closeWith(() -> closes.add("socket closed"));
        pending.closeWith(() -> closes.add("socket closed"));
        assertEquals(2, closes.size());
        assertFalse(pending.close());
    }

    @Test
    @DisplayName("a thread writing the write itself waits for room between the host's partial takes, and completes it once")
    void drainHereWritesTheRest() {
        HostOutput host = new HostOutput();
        host.room = 2;
        assertTrue(pending.start(AsciiBuffers.of("head", "payload"), callback));
        pending.drain(host); // the socket took "he", then was full
        List<String> waits = new ArrayList<>();
        assertTrue(pending.drainHere(host, () -> {
            waits.add("wait");
            host.room = 3; // the peer read a little
            return true;
        }));
        assertEquals("headpayload", host.taken.toString(StandardCharsets.US_ASCII), "the rest, in order");
        assertEquals(3, waits.size(), "a wait after each take that left bytes behind");
        assertEquals(List.of("completed"), callback.events);
        assertFalse(pending.drainHere(host, () -> true), "nothing under way any more");
        pending.drain(host); // a late write event
        assertEquals(List.of("completed"), callback.events);
    }

    @Test
    @DisplayName("while one thread writes the write itself, host write events and other threads leave it alone")
    void oneThreadWritesItAtATime() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch peerReads = new CountDownLatch(1);
        HostOutput host = new HostOutput();
        assertTrue(pending.start(AsciiBuffers.of("frame"), callback));
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> pending.drainHere(host, () -> {
            waiting.countDown();
            try {
                assertTrue(peerReads.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            host.room = 100;
            return true;
        }));
        assertTrue(waiting.await(10, TimeUnit.SECONDS));

        HostOutput eventOutput = new HostOutput();
        eventOutput.room = 100;
        pending.drain(eventOutput); // the host's write event for the same connection
        assertEquals(0, eventOutput.taken.size(), "no second writer interleaves bytes");
        assertFalse(pending.drainHere(eventOutput, () -> true), "a second thread waits for the first instead");

        peerReads.countDown();
        assertTrue(writer.get(10, TimeUnit.SECONDS));
        assertEquals("frame", host.taken.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of("completed"), callback.events);
    }

    @Test
    @DisplayName("a write closed and failed while its thread waits for the peer completes once, with nothing more written")
    void failedWhileWaitingCompletesOnce() {
        HostOutput host = new HostOutput();
        assertTrue(pending.start(AsciiBuffers.of("frame"), callback));
        assertTrue(pending.drainHere(host, () -> {
            pending.close(); // the session closed the transport from another thread
            pending.fail(new IOException("connection closed"));
            host.room = 100;
            return true;
        }));
        assertEquals(0, host.taken.size());
        assertEquals(List.of("failed: connection closed"), callback.events);
    }

    @Test
    @DisplayName("a thread that gives up waiting leaves the write under way, asks for a host event, and the event finishes it")
    void givingUpLeavesTheWriteToTheHost() {
        HostOutput host = new HostOutput();
        host.room = 2;
        assertTrue(pending.start(AsciiBuffers.of("frame"), callback));
        int[] askedBeforeGivingUp = {0};
        assertTrue(pending.drainHere(host, () -> {
            askedBeforeGivingUp[0] = host.readyAsked;
            return false; // the time ran out
        }));
        assertEquals("fr", host.taken.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(), callback.events, "still under way");
        assertEquals(askedBeforeGivingUp[0] + 1, host.readyAsked, "asked once more after giving up, for the host's event");

        host.room = 100;
        pending.drain(host); // the host's write event
        assertEquals("frame", host.taken.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of("completed"), callback.events);
    }

    /** Starts a write of {@code parts} to a direct-writing host whose socket takes {@code socketRoom} bytes. */
    private DirectHostOutput writeThroughDirectHost(int socketRoom, String... parts) {
        DirectHostOutput host = new DirectHostOutput();
        host.socketRoom = socketRoom;
        assertTrue(pending.start(AsciiBuffers.of(parts), callback));
        pending.drain(host);
        assertEquals(String.join("", parts), host.wire.toString(StandardCharsets.US_ASCII), "every byte, in order");
        return host;
    }

    @Test
    @DisplayName("a host that writes past its buffer gets every buffer of a write in one direct call")
    void directHostTakesTheWholeWriteAtOnce() {
        DirectHostOutput host = writeThroughDirectHost(100, "one", "", "two", "three");
        assertEquals(List.of("direct from 0"), host.calls, "one call, none the host's way");
        assertEquals(List.of("completed"), callback.events);
    }

    @Test
    @DisplayName("what the socket does not take goes the host's way, in order; while the host holds bytes, so does all")
    void directHostLeavesTheRestToTheHost() {
        DirectHostOutput host = writeThroughDirectHost(5, "one", "two", "three");
        assertEquals(List.of("direct from 0", "host write 1", "host write 5"), host.calls);
        assertEquals(List.of(), callback.events, "not done while the host holds bytes");

        host.hostHolds = 0; // the host's buffer went out: its write event
        pending.drain(host);
        assertEquals(List.of("completed"), callback.events);

        Recorder next = new Recorder();
        host.socketRoom = 100;
        host.hostHolds = 1; // e.g. a control frame went the host's way and waits there
        assertTrue(pending.start(AsciiBuffers.of("four", "five"), next));
        pending.drain(host);
        assertEquals(List.of("refused", "host write 4", "host write 4"), host.calls.subList(3, host.calls.size()));
        host.hostHolds = 0;
        pending.drain(host);
        assertEquals(List.of("completed"), next.events);

        Recorder last = new Recorder();
        assertTrue(pending.start(AsciiBuffers.of("six"), last));
        pending.drain(host);
        assertEquals("direct from 0", host.calls.get(host.calls.size() - 1), "direct again once the host is empty");
        assertEquals(List.of("completed"), last.events);
    }
}
