package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A fan-out's holds on its shared frame, taken in one add: every member queued holds one, unused ones go back when
 * the fan-out ends, and the frame's bytes leave the container's budget exactly once, when the last holder lets go.
 */
class FanOutHoldsTest {

    /** Holds every write until told: the members' writes complete when the test says so. */
    private static final class HeldTransport extends WriteOnlyTransport {
        final List<WriteCallback> held = new ArrayList<>();

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            for (ByteBuffer b : buffers) {
                b.position(b.limit());
            }
            held.add(callback);
        }
    }

    private static SendBudget budget() {
        return new SendBudget(() -> 0, List::of);
    }

    @Test
    @DisplayName("a fan-out takes its members' holds in one add and gives the unused ones back when it ends")
    void holdsTakenOnceUnusedGivenBack() {
        SendBudget budget = budget();
        SharedFrame frame = new SharedFrame(ByteBuffer.wrap(new byte[100]));
        List<HeldTransport> transports = new ArrayList<>();
        List<SendQueue> queues = new ArrayList<>();
        try (FanOutHolds holds = new FanOutHolds(frame, 5)) {
            for (int i = 0; i < 3; i++) { // five expected, three queued to: two left over
                HeldTransport t = new HeldTransport();
                SendQueue q = new SendQueue(t, budget);
                assertEquals(SendQueue.Offered.QUEUED, q.offerSharedWithoutWriting(frame, 0, holds));
                transports.add(t);
                queues.add(q);
            }
            assertEquals(5, frame.holders(), "all five taken at the first member");
            assertEquals(2, holds.left());
            assertEquals(100, budget.heldBytes(), "reserved once");
        }
        assertEquals(3, frame.holders(), "the two unused given back");
        queues.forEach(SendQueue::writeQueued);
        for (int i = 0; i < 3; i++) {
            assertEquals(100, budget.heldBytes(), "held while any member has not written it");
            transports.get(i).held.remove(0).completed();
        }
        assertEquals(0, frame.holders());
        assertEquals(0, budget.heldBytes(), "released by the last member's write, once (twice would leave -100)");
    }

    @Test
    @DisplayName("a member closed mid-fan-out releases its hold; the frame is released once the others wrote it")
    void memberClosedMidFanOutReleasesItsHold() {
        SendBudget budget = budget();
        SharedFrame frame = new SharedFrame(ByteBuffer.wrap(new byte[100]));
        HeldTransport first = new HeldTransport();
        HeldTransport second = new HeldTransport();
        SendQueue a = new SendQueue(first, budget);
        SendQueue b = new SendQueue(second, budget);
        SendQueue closed = new SendQueue(new HeldTransport(), budget);
        SendQueue failed = new SendQueue(new HeldTransport(), budget);
        try (FanOutHolds holds = new FanOutHolds(frame, 4)) {
            a.offerSharedWithoutWriting(frame, 0, holds);
            closed.offerSharedWithoutWriting(frame, 0, holds);
            closed.abandon(new IOException("closed")); // after queuing: its entry gives its hold back
            failed.fail(new IOException("closed"));
            failed.offerSharedWithoutWriting(frame, 0, holds); // before queuing: completed at once, holds nothing
            b.offerSharedWithoutWriting(frame, 0, holds);
            assertEquals(3, frame.holders(), "four taken, the abandoned member's given back");
            assertEquals(1, holds.left(), "the failed member used none");
        }
        assertEquals(2, frame.holders());
        a.writeQueued();
        b.writeQueued();
        first.held.remove(0).completed();
        assertEquals(100, budget.heldBytes(), "one member still holds it");
        second.held.remove(0).completed();
        assertEquals(0, frame.holders());
        assertEquals(0, budget.heldBytes(), "released once (twice would leave -100)");
    }

    @Test
    @DisplayName("more members than expected hold one by one; a frame bound to another budget uses no bulk hold")
    void beyondExpectedAndOtherBudget() {
        SendBudget budget = budget();
        SharedFrame frame = new SharedFrame(ByteBuffer.wrap(new byte[100]));
        SendQueue other = new SendQueue(new HeldTransport(), budget());
        List<SendQueue> queues = new ArrayList<>();
        try (FanOutHolds holds = new FanOutHolds(frame, 2)) {
            other.offerSharedWithoutWriting(frame, 0, holds); // binds the frame to the other budget
            for (int i = 0; i < 3; i++) {
                SendQueue q = new SendQueue(new HeldTransport(), budget);
                q.offerSharedWithoutWriting(frame, 0, holds);
                queues.add(q);
            }
            assertEquals(1, holds.left(), "the other budget's second hold, unused: this budget's queues took none");
        }
        assertEquals(1, frame.holders(), "only the other budget's queue holds a share");
        assertEquals(300, budget.heldBytes(), "this budget's queues counted the bytes as their own");
        other.abandon(new IOException("closed"));
        assertEquals(0, frame.holders());
    }
}
