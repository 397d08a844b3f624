package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The callback pool's queue: hand-off to idle takers only, and timed waits that end. */
class IdleHandOffQueueTest {

    @Test
    @DisplayName("a transfer succeeds only while a taker waits that no earlier element is promised to")
    void transfersOnlyToAnIdleTaker() throws Exception {
        IdleHandOffQueue<String> queue = new IdleHandOffQueue<>();
        assertFalse(queue.tryTransfer("nobody waits"));
        assertTrue(queue.isEmpty(), "a refused transfer leaves nothing behind");

        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.tryTransfer("for the taker")) {
            assertTrue(System.nanoTime() < deadline, "the taker never waited");
            Thread.onSpinWait();
        }
        assertFalse(queue.tryTransfer("second"), "the one waiting taker is promised the first element already");
        assertEquals("for the taker", taken.get(5, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("a timed poll with nothing to take returns null at its timeout; queued elements keep their order")
    void timedPollEndsAndOrderIsKept() throws Exception {
        IdleHandOffQueue<Integer> queue = new IdleHandOffQueue<>();
        long t0 = System.nanoTime();
        assertNull(queue.poll(50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50), "returned before its timeout");
        queue.add(1);
        queue.offer(2);
        queue.add(3);
        assertTrue(queue.remove(Integer.valueOf(2)));
        assertEquals(List.of(1, 3), new ArrayList<>(queue));
        List<Integer> drained = new ArrayList<>();
        assertEquals(2, queue.drainTo(drained));
        assertEquals(List.of(1, 3), drained);
        assertNull(queue.poll());
    }

    @Test
    @DisplayName("racing takers' timeouts, every element transferred is taken and every timed poll returns")
    void transfersRacingTimeoutsAreNeverLost() throws Exception {
        IdleHandOffQueue<Integer> queue = new IdleHandOffQueue<>();
        AtomicInteger received = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> takers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        if (queue.poll(1, TimeUnit.MILLISECONDS) != null) {
                            received.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            takers.add(t);
        }
        int sent = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < end) {
            if (queue.tryTransfer(sent)) {
                sent++;
            }
            Thread.yield();
        }
        stop.set(true);
        for (Thread t : takers) {
            t.join(5_000);
            assertFalse(t.isAlive(), "a taker stayed in its 1 ms poll");
        }
        assertTrue(sent > 0, "no taker ever waited");
        assertEquals(sent, received.get() + queue.size(), "transferred elements lost");
        assertEquals(0, queue.size(), "an element was transferred to a taker that then timed out without it");
    }
}
