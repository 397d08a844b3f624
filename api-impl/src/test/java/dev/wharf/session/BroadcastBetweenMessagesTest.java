package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A room fan-out queues to a member without the member's send lock ({@code Sender.shared}'s fast path): the queue
 * itself refuses a broadcast frame while an application's fragmented message is partly queued, and after our close
 * frame, from what it recorded when those frames were queued.
 */
class BroadcastBetweenMessagesTest {

    /** Takes every byte at once. */
    private static final class Wire extends WriteOnlyTransport {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                written.writeBytes(bytes);
            }
            callback.completed();
        }

        String text() {
            return written.toString(StandardCharsets.US_ASCII);
        }
    }

    private static ByteBuffer[] bytes(String text) {
        return new ByteBuffer[] {ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))};
    }

    private static SharedFrame shared(String text) {
        return new SharedFrame(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer());
    }

    @Test
    @DisplayName("refused from a fragmented message's first frame to its last, taken after it")
    void refusedInsideAFragmentedMessage() {
        Wire wire = new Wire();
        SendQueue queue = new SendQueue(wire);
        assertEquals(SendQueue.Offered.QUEUED, queue.offerSharedBetweenMessages(shared("B1|"), 0));
        queue.offerDataWithoutWriting(bytes("first|"), FrameCompletion.NONE, 0, false);
        assertEquals(SendQueue.Offered.MID_MESSAGE, queue.offerSharedBetweenMessages(shared("no|"), 0));
        queue.offerDataWithoutWriting(bytes("middle|"), FrameCompletion.NONE, 0, false);
        assertEquals(SendQueue.Offered.MID_MESSAGE, queue.offerSharedBetweenMessages(shared("no|"), 0));
        queue.offerDataWithoutWriting(bytes("last|"), FrameCompletion.NONE, 0, true);
        assertEquals(SendQueue.Offered.QUEUED, queue.offerSharedBetweenMessages(shared("B2|"), 0));
        queue.offerDataWithoutWriting(bytes("whole|"), FrameCompletion.NONE, 0, true);
        assertEquals(SendQueue.Offered.QUEUED, queue.offerSharedBetweenMessages(shared("B3"), 0));
        queue.writeQueued();
        assertEquals("B1|first|middle|last|B2|whole|B3", wire.text());
    }

    @Test
    @DisplayName("a fragment refused for the queue's bound still starts the message: the encoder moved on")
    void aRefusedFirstFragmentStillCounts() {
        Wire wire = new Wire();
        SendQueue queue = new SendQueue(wire);
        queue.offerDataWithoutWriting(bytes("0123456789"), FrameCompletion.NONE, 0, true);
        assertEquals(SendQueue.Offered.REFUSED,
                queue.offerDataWithoutWriting(bytes("first"), FrameCompletion.NONE, 12, false));
        assertEquals(SendQueue.Offered.MID_MESSAGE, queue.offerSharedBetweenMessages(shared("B"), 0));
    }

    @Test
    @DisplayName("nothing after our close frame, even inside a fragmented message the close cut short")
    void refusedAfterOurCloseFrame() {
        Wire wire = new Wire();
        SendQueue queue = new SendQueue(wire);
        queue.offerDataWithoutWriting(bytes("first|"), FrameCompletion.NONE, 0, false);
        queue.offerClose(bytes("close"), FrameCompletion.NONE);
        assertEquals(SendQueue.Offered.AFTER_CLOSE, queue.offerSharedBetweenMessages(shared("|B"), 0));
        assertEquals("first|close", wire.text());
    }

    @Test
    @DisplayName("the locked path's offers and control frames leave the marks alone")
    void otherFramesDoNotMark() {
        Wire wire = new Wire();
        SendQueue queue = new SendQueue(wire);
        queue.offerWithoutWriting(bytes("ping|"), FrameCompletion.NONE, 0, true);
        queue.offerSharedWithoutWriting(shared("locked|"), 0);
        queue.offer(bytes("pong|"), FrameCompletion.NONE, 0, true);
        assertEquals(SendQueue.Offered.QUEUED, queue.offerSharedBetweenMessages(shared("B"), 0));
        queue.writeQueued();
        assertEquals("ping|locked|pong|B", wire.text());
    }
}
