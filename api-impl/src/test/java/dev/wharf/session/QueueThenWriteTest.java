package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Frames queued without writing ({@code offerWithoutWriting}, what the sender and a room fan-out use) wait for
 * {@code writeQueued}, or for the write in progress, and then go out together, in order, in one gathering write.
 */
class QueueThenWriteTest {

    /** Records every write; completes it at once, or holds it until told when {@code hold} is set. */
    private static final class RecordingTransport extends WriteOnlyTransport {
        final List<byte[]> writes = new ArrayList<>();
        final List<WriteCallback> held = new ArrayList<>();
        boolean hold;

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.writeBytes(bytes);
            }
            writes.add(out.toByteArray());
            if (hold) {
                held.add(callback);
            } else {
                callback.completed();
            }
        }
    }

    private static ByteBuffer[] frame(String s) {
        return new ByteBuffer[] {ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII))};
    }

    @Test
    @DisplayName("frames queued without writing stay queued until writeQueued, then go out in one write, in order")
    void queuedFramesShareOneWrite() {
        RecordingTransport transport = new RecordingTransport();
        SendQueue queue = new SendQueue(transport);
        assertEquals(SendQueue.Offered.QUEUED,
                queue.offerWithoutWriting(frame("one"), FrameCompletion.NONE, 0, false));
        SharedFrame shared = new SharedFrame(ByteBuffer.wrap("two".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(SendQueue.Offered.QUEUED, queue.offerSharedWithoutWriting(shared, 0));
        assertTrue(transport.writes.isEmpty(), "nothing written on the queuing thread");
        assertFalse(queue.isIdle(), "frames wait: the queue is not idle");

        queue.writeQueued();
        assertEquals(1, transport.writes.size(), "one gathering write for both frames");
        assertArrayEquals("onetwo".getBytes(StandardCharsets.US_ASCII), transport.writes.get(0));
        assertTrue(queue.isIdle());
        queue.writeQueued();
        assertEquals(1, transport.writes.size(), "nothing left: a second call writes nothing");
    }

    @Test
    @DisplayName("writeQueued during a write leaves the frames to that write's completion, which takes them all")
    void writeInProgressTakesQueuedFrames() {
        RecordingTransport transport = new RecordingTransport();
        transport.hold = true;
        SendQueue queue = new SendQueue(transport);
        queue.offer(frame("first"), FrameCompletion.NONE, 0, false); // written at once, completes later
        assertEquals(1, transport.writes.size());
        queue.offerWithoutWriting(frame("a"), FrameCompletion.NONE, 0, false);
        queue.offerWithoutWriting(frame("b"), FrameCompletion.NONE, 0, false);
        queue.writeQueued();
        assertEquals(1, transport.writes.size(), "a write is outstanding: the queued frames wait for it");

        transport.hold = false;
        transport.held.remove(0).completed();
        assertEquals(2, transport.writes.size(), "the completion wrote what waited, together");
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), transport.writes.get(1));
        assertTrue(queue.isIdle());
    }

    @Test
    @DisplayName("a shared frame's later holders leave the container's budget alone, and it is released once written")
    void sharedFrameReservedOnce() {
        SendBudget budget = new SendBudget(() -> 0, List::of);
        SharedFrame shared = new SharedFrame(ByteBuffer.wrap(new byte[100]));
        List<SendQueue> queues = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SendQueue q = new SendQueue(new RecordingTransport(), budget);
            q.offerSharedWithoutWriting(shared, 0);
            queues.add(q);
        }
        assertEquals(100, budget.heldBytes(), "three queues hold one 100-byte frame");
        queues.forEach(SendQueue::writeQueued);
        assertEquals(0, budget.heldBytes(), "written by all three: released");
        assertEquals(0, shared.holders());
    }
}
