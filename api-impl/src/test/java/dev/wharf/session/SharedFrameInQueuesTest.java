package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A broadcast frame queued as itself in many send queues (no entry per member): each write takes its own view, the
 * frames keep their order per queue, and the budget counts the frame once until the last holder wrote or dropped it.
 */
class SharedFrameInQueuesTest {

    /** Holds each write until the test completes it; then takes every byte. */
    private static final class HeldWrites extends WriteOnlyTransport {
        final ArrayDeque<ByteBuffer[]> buffers = new ArrayDeque<>();
        final ArrayDeque<WriteCallback> callbacks = new ArrayDeque<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(ByteBuffer[] write, WriteCallback callback) {
            buffers.add(write.clone()); // the queue may reuse its array once the write completes
            callbacks.add(callback);
        }

        /** Takes the oldest write whole and completes it. */
        void completeNext() {
            for (ByteBuffer b : buffers.poll()) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                written.writeBytes(bytes);
            }
            callbacks.poll().completed();
        }

        /** Fails the oldest write, taking nothing. */
        void failNext() {
            buffers.poll();
            callbacks.poll().failed(new IOException("peer gone"));
        }
    }

    private static SendBudget budget() {
        return new SendBudget(() -> 0, List::of);
    }

    private static SharedFrame frame(String text) {
        return new SharedFrame(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer());
    }

    private static ByteBuffer[] own(String text) {
        return new ByteBuffer[] {ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))};
    }

    @Test
    @DisplayName("each write takes its own view of a shared frame; per queue the frames go out in the order queued")
    void eachWriteTakesItsOwnViewInOrder() {
        SendBudget budget = budget();
        SharedFrame first = frame("first|");
        SharedFrame second = frame("second|");
        HeldWrites a = new HeldWrites();
        HeldWrites b = new HeldWrites();
        SendQueue qa = new SendQueue(a, budget);
        SendQueue qb = new SendQueue(b, budget);

        assertEquals(SendQueue.Offered.QUEUED, qa.offerSharedWithoutWriting(first, 0));
        assertEquals(SendQueue.Offered.QUEUED, qb.offerSharedWithoutWriting(first, 0));
        assertEquals(SendQueue.Offered.QUEUED, qa.offerWithoutWriting(own("own|"), FrameCompletion.NONE, 0, false));
        assertEquals(SendQueue.Offered.QUEUED, qa.offerSharedWithoutWriting(second, 0));
        assertEquals(SendQueue.Offered.QUEUED, qb.offerSharedWithoutWriting(second, 0));
        assertEquals(2, first.holders());
        assertEquals(first.size() + second.size() + 4, budget.heldBytes(), "each shared frame counted once");

        qa.writeQueued();
        qb.writeQueued();
        assertEquals(3, a.buffers.peek().length, "the three frames queued to a in one gathering write");
        assertNotSame(a.buffers.peek()[0], b.buffers.peek()[0], "a view of the frame per write");
        a.completeNext(); // moves a's views to their ends: b's own views are untouched
        assertEquals(1, first.holders(), "a wrote it; b still holds it");
        assertEquals(first.size() + second.size(), budget.heldBytes(), "a's own frame released, the shared still held");
        b.completeNext();

        assertArrayEquals("first|own|second|".getBytes(StandardCharsets.US_ASCII), a.written.toByteArray());
        assertArrayEquals("first|second|".getBytes(StandardCharsets.US_ASCII), b.written.toByteArray());
        assertEquals(0, first.holders());
        assertEquals(0, second.holders());
        assertEquals(0, budget.heldBytes(), "released once, by the last writer");
        assertTrue(qa.isIdle() && qb.isIdle(), "nothing stranded");
    }

    @Test
    @DisplayName("a member given up while its write of a shared frame is out releases its share once")
    void detachedWhileWritingReleasesOnce() {
        SendBudget budget = budget();
        SharedFrame shared = frame("broadcast");
        HeldWrites a = new HeldWrites();
        HeldWrites b = new HeldWrites();
        SendQueue qa = new SendQueue(a, budget);
        SendQueue qb = new SendQueue(b, budget);
        qa.offerSharedWithoutWriting(shared, 0);
        qb.offerSharedWithoutWriting(shared, 0);
        qa.writeQueued();
        qa.offerSharedWithoutWriting(shared, 0); // queued again behind the write that is out
        assertEquals(3, shared.holders());

        qa.abandon(new IOException("not reading"));
        assertEquals(1, shared.holders(), "a's two holds given back at once");
        assertEquals(shared.size(), budget.heldBytes(), "b still holds the frame");
        a.completeNext(); // the write that was out ends later: nothing more to give back
        assertEquals(1, shared.holders());

        qb.writeQueued();
        b.failNext(); // a failed write gives its share back too
        assertEquals(0, shared.holders());
        assertEquals(0, budget.heldBytes());
    }

    @Test
    @DisplayName("a queue without a budget counts a shared frame as its own view; the frame's holders are untouched")
    void withoutBudgetTheFrameIsNotHeld() {
        SharedFrame shared = frame("plain");
        HeldWrites t = new HeldWrites();
        SendQueue q = new SendQueue(t);
        q.offerShared(shared, 0);
        q.offerShared(shared, 0);
        assertEquals(0, shared.holders());
        t.completeNext();
        t.completeNext();
        assertArrayEquals("plainplain".getBytes(StandardCharsets.US_ASCII), t.written.toByteArray());
        assertTrue(q.isIdle());
        SendBudget budget = budget();
        assertEquals(shared.size(), shared.hold(budget), "still unbound: the first budgeted holder reserves it");
    }
}
