package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broadcast frame's holder count: its bytes are counted once per budget while any queue holds it, lock-free. */
class SharedFrameTest {

    private static SendBudget budget() {
        return new SendBudget(() -> 0, List::of);
    }

    @Test
    @DisplayName("the first holder reserves the frame, later ones nothing, another budget's queues count it as their own")
    void firstHolderReservesOthersNothing() {
        SendBudget mine = budget();
        SharedFrame frame = new SharedFrame(ByteBuffer.allocate(100));
        assertEquals(100, frame.hold(mine));
        mine.reserve(100);
        assertEquals(0, frame.hold(mine));
        assertEquals(-1, frame.hold(budget()), "bound to the first holder's budget");
        assertEquals(2, frame.holders());
        frame.release();
        assertEquals(100, mine.heldBytes(), "one holder left");
        frame.release();
        assertEquals(0, mine.heldBytes(), "the last holder released the bytes");
        assertEquals(100, frame.hold(mine), "held again after every holder let go: reserved again");
        assertEquals(-1, frame.hold(budget()), "still bound to the first budget");
    }

    @Test
    @DisplayName("a small frame is copied once into native memory, a large one stays on the heap; views are independent")
    void smallFramesGoNative() {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {(byte) 0x81, 2, 'h', 'i'});
        SharedFrame small = new SharedFrame(source.asReadOnlyBuffer());
        ByteBuffer one = small.view();
        ByteBuffer two = small.view();
        assertTrue(one.isDirect() && one.isReadOnly(), "native and read-only");
        assertEquals(4, small.size());
        source.put(3, (byte) 'o');
        assertEquals('i', one.get(3), "a copy: later changes of the source do not reach members");
        one.position(4);
        assertEquals(4, two.remaining(), "each view keeps its own position");
        SharedFrame large = new SharedFrame(ByteBuffer.allocate(SharedFrame.NATIVE_LIMIT + 1).asReadOnlyBuffer());
        assertFalse(large.view().isDirect(), "over the limit: the heap frame itself");
    }

    @Test
    @DisplayName("holds and releases racing on many threads leave nothing counted")
    @Timeout(60)
    void racingHoldsAndReleasesBalance() throws Exception {
        SendBudget shared = budget();
        SharedFrame frame = new SharedFrame(ByteBuffer.allocate(64));
        int threads = 4;
        int rounds = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < rounds; i++) {
                        long reserve = frame.hold(shared);
                        if (reserve > 0) {
                            shared.reserve(reserve); // as QueueCharges does, before its own release can come
                        }
                        frame.release();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, frame.holders());
        assertEquals(0, shared.heldBytes(), "every reservation released once");
    }
}
