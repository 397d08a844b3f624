package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
