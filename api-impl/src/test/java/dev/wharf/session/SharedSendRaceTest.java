package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wharf.server.WharfServerContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #16: a broadcast queued to a member races the application's fragmented message on another thread and the
 * session's close on a third. On the wire: no broadcast frame inside the fragmented message, nothing after our close
 * frame (RFC 6455 §5.5.1). A broadcast that does not wait takes only the member's queue lock (Sender's fast path):
 * the queue refuses it inside a fragmented message and after our close frame from what it recorded when those frames
 * were queued; the locked path (a broadcast that may wait) relies on the send lock and the gate.
 */
class SharedSendRaceTest {

    private static final int ROUNDS = 300;

    /** Keeps every byte written, completing each write at once. */
    private static final class RecordingTransport extends WriteOnlyTransport {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            synchronized (this) {
                for (ByteBuffer b : buffers) {
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    bytes.write(chunk, 0, chunk.length);
                }
            }
            callback.completed();
        }

        synchronized byte[] written() {
            return bytes.toByteArray();
        }
    }

    @Test
    @DisplayName("a broadcast racing a fragmented send and a close: nothing after the close frame,"
            + " no broadcast frame inside the fragmented message")
    @Timeout(120)
    void broadcastNeverLandsInsideAFragmentedMessageOrAfterTheCloseFrame() throws Exception {
        WharfServerContainer container = new WharfServerContainer(new ContainerDefaults(), 4);
        SessionServices services = container.services();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        SharedMessage message = SharedMessage.text("b");
        int broadcastsQueued = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                RecordingTransport transport = new RecordingTransport();
                WebSocketSession member = RoomMembers.openOne(services, transport);
                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean closeReturned = new AtomicBoolean();
                CountDownLatch someQueued = new CountDownLatch(1 + round % 40);
                Future<Integer> broadcaster = threads.submit(() -> {
                    go.await();
                    int queued = 0;
                    int afterClose = 0; // a few tries once close() returned, for the wire to show a late frame
                    while (afterClose < 100) {
                        SessionPort.Sent sent = SessionPort.sendShared(member, message, 0, false);
                        // BUSY may last: a fragmented message cut short by the close keeps the session's sends busy
                        if (sent == SessionPort.Sent.CLOSED || (sent == SessionPort.Sent.BUSY && closeReturned.get())) {
                            return queued;
                        }
                        if (sent == SessionPort.Sent.QUEUED) {
                            queued++;
                        }
                        someQueued.countDown();
                        if (closeReturned.get()) {
                            afterClose++;
                        }
                    }
                    return queued;
                });
                Future<?> fragmenter = threads.submit(fragmenting(member, go, "p", "q", "e"));
                Future<?> closer = threads.submit(closing(member, go, someQueued, closeReturned));
                go.countDown();
                closer.get(30, TimeUnit.SECONDS);
                broadcastsQueued += broadcaster.get(30, TimeUnit.SECONDS);
                fragmenter.get(30, TimeUnit.SECONDS);
                assertWellFormed(transport.written(), round);
            }
            assertTrue(broadcastsQueued >= ROUNDS, broadcastsQueued + " broadcasts queued in all");
        } finally {
            threads.shutdownNow();
            services.shutdown("test over", 1000);
        }
    }

    @Test
    @DisplayName("fan-outs queuing without the send lock race a fragmented message's first and last frames and the"
            + " close: nothing after the close frame, no broadcast frame inside the fragmented message")
    @Timeout(120)
    void fanOutQueuingWithoutTheSendLockKeepsOutOfFragmentsAndAfterClose() throws Exception {
        WharfServerContainer container = new WharfServerContainer(new ContainerDefaults(), 4);
        SessionServices services = container.services();
        int broadcasters = 2;
        ExecutorService threads = Executors.newFixedThreadPool(broadcasters + 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int[] outcomes = new int[SessionPort.Sent.values().length];
        int rounds = 0;
        try {
            // at least 50 rounds, then as many as 3 s allow (bounded)
            while (rounds < 50 || (System.nanoTime() < deadline && rounds < 5_000)) {
                int round = rounds++;
                RecordingTransport transport = new RecordingTransport();
                WebSocketSession member = RoomMembers.openOne(services, transport);
                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean closeReturned = new AtomicBoolean();
                CountDownLatch someQueued = new CountDownLatch(1 + round % 20);
                List<Future<int[]>> fanOuts = new ArrayList<>();
                for (int b = 0; b < broadcasters; b++) {
                    SharedMessage message = SharedMessage.text("b");
                    fanOuts.add(threads.submit(() -> {
                        go.await();
                        int[] seen = new int[SessionPort.Sent.values().length];
                        int afterClose = 0;
                        while (afterClose < 50) {
                            // as Rooms does: queue, then write (here or by a write in progress)
                            SessionPort.Sent sent = SessionPort.queueShared(member, message, 0);
                            SessionPort.writeQueued(member);
                            seen[sent.ordinal()]++;
                            if (sent == SessionPort.Sent.CLOSED) {
                                break;
                            }
                            if (sent == SessionPort.Sent.QUEUED) {
                                someQueued.countDown();
                            }
                            if (closeReturned.get()) {
                                afterClose++;
                            }
                        }
                        return seen;
                    }));
                }
                // two frames a message: each broadcast meets a first or a last fragment
                Future<?> fragmenter = threads.submit(fragmenting(member, go, "p", "e"));
                Future<?> closer = threads.submit(closing(member, go, someQueued, closeReturned));
                go.countDown();
                closer.get(30, TimeUnit.SECONDS);
                for (Future<int[]> f : fanOuts) {
                    int[] seen = f.get(30, TimeUnit.SECONDS);
                    for (int i = 0; i < seen.length; i++) {
                        outcomes[i] += seen[i];
                    }
                }
                fragmenter.get(30, TimeUnit.SECONDS);
                assertWellFormed(transport.written(), round);
            }
            String counts = rounds + " rounds, outcomes " + java.util.Arrays.toString(outcomes);
            assertTrue(outcomes[SessionPort.Sent.QUEUED.ordinal()] >= rounds, counts);
            assertTrue(outcomes[SessionPort.Sent.BUSY.ordinal()] > 0, "some broadcast met a fragment: " + counts);
            assertTrue(outcomes[SessionPort.Sent.CLOSED.ordinal()] >= rounds, counts);
        } finally {
            threads.shutdownNow();
            services.shutdown("test over", 1000);
        }
    }

    /** After {@code go}: text messages of {@code parts} as fragments, one after another, until the session closes. */
    private static Callable<Void> fragmenting(WebSocketSession member, CountDownLatch go, String... parts) {
        return () -> {
            go.await();
            try {
                while (true) {
                    for (int i = 0; i < parts.length; i++) {
                        member.getBasicRemote().sendText(parts[i], i == parts.length - 1);
                    }
                }
            } catch (IOException | IllegalStateException closed) {
                return null; // the session closed
            }
        };
    }

    /** After {@code go} and once some broadcasts were queued: closes the session, then records that close returned. */
    private static Callable<Void> closing(WebSocketSession member, CountDownLatch go, CountDownLatch someQueued,
            AtomicBoolean closeReturned) {
        return () -> {
            go.await();
            someQueued.await();
            member.close();
            closeReturned.set(true);
            return null;
        };
    }

    /** Small unmasked server frames: fragments only as text, continuation...final; one close frame, last. */
    private static void assertWellFormed(byte[] wire, int round) {
        ByteBuffer in = ByteBuffer.wrap(wire);
        boolean inFragmented = false;
        boolean closed = false;
        while (in.hasRemaining()) {
            int first = in.get() & 0xFF;
            int length = in.get();
            assertTrue(length >= 0 && length < 126, "a small unmasked frame");
            in.position(in.position() + length);
            if (closed) {
                fail("round " + round + ": frame 0x" + Integer.toHexString(first) + " after our close frame");
            }
            switch (first) {
                case 0x88 -> closed = true; // a control frame may come between fragments
                case 0x81 -> assertFalse(inFragmented, "round " + round + ": a whole message inside a fragmented one");
                case 0x01 -> {
                    assertFalse(inFragmented, "round " + round + ": a new fragmented message inside one");
                    inFragmented = true;
                }
                case 0x00 -> assertTrue(inFragmented, "round " + round + ": a continuation outside a message");
                case 0x80 -> {
                    assertTrue(inFragmented, "round " + round + ": a final continuation outside a message");
                    inFragmented = false;
                }
                default -> fail("round " + round + ": unexpected frame 0x" + Integer.toHexString(first));
            }
        }
        assertTrue(closed, "round " + round + ": our close frame was written");
        assertEquals(0, in.remaining());
    }
}
