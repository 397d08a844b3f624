package dev.wharf.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Concurrent room fan-outs share their writes; none is left unwritten, and none waits for ever. */
class FanOutWritesTest {

    private final List<String> written = new ArrayList<>();
    private final FanOutWrites<String> writes = new FanOutWrites<>(written::add);

    @Test
    @DisplayName("a fan-out alone writes its members at once")
    void aloneWritesAtOnce() {
        long t = writes.start();
        writes.finish(t, new String[] {"a", "b", null}, 2);
        assertEquals(List.of("a", "b"), written);
    }

    @Test
    @DisplayName("a fan-out that finishes while another queues leaves its writes to that one: one write per member")
    void overlappingFanOutsShareWrites() {
        long first = writes.start();
        long second = writes.start();
        writes.finish(first, new String[] {"a", "b"}, 2);
        assertEquals(List.of(), written, "the second fan-out is still queuing: it writes for both");
        writes.finish(second, new String[] {"a", "c"}, 2);
        assertEquals(List.of("a", "b", "a", "c"), written, "every member queued to is written (a twice: a no-op)");
    }

    @Test
    @DisplayName("a hand-over waits at most for one overlapping fan-out, even when fan-outs never stop overlapping")
    void noHandOverWaitsForEver() {
        long a = writes.start();
        long b = writes.start();
        writes.finish(a, new String[] {"from-a"}, 1); // b still queuing
        long c = writes.start();
        writes.finish(b, new String[] {"from-b"}, 1); // c still queuing, but a's hand-over is older than b
        assertEquals(List.of("from-a", "from-b"), written);
        long d = writes.start();
        writes.finish(c, new String[] {"from-c"}, 1); // d queuing: c's hand-over waits for it
        assertEquals(List.of("from-a", "from-b"), written);
        writes.finish(d, new String[] {"from-d"}, 0);
        assertEquals(List.of("from-a", "from-b", "from-c"), written);
    }

    @Test
    @DisplayName("one member's failing write does not strand the other members' frames")
    void failureWritesTheRest() {
        List<String> done = new ArrayList<>();
        FanOutWrites<String> failing = new FanOutWrites<>(m -> {
            if (m.equals("bad")) {
                throw new IllegalStateException("transport broke");
            }
            done.add(m);
        });
        long t = failing.start();
        assertThrows(IllegalStateException.class, () -> failing.finish(t, new String[] {"a", "bad", "b"}, 3));
        assertEquals(List.of("a", "b"), done);
    }

    @Test
    @DisplayName("many threads fanning out at once: every member of every fan-out is written, once all finished")
    void concurrentFanOutsLoseNothing() throws Exception {
        AtomicInteger count = new AtomicInteger();
        FanOutWrites<Integer> shared = new FanOutWrites<>(m -> count.incrementAndGet());
        int threads = 4;
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    Integer[] members = {1, 2, 3};
                    for (int i = 0; i < rounds; i++) {
                        shared.finish(shared.start(), members, 3);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * rounds * 3, count.get(), "the last fan-out to finish wrote whatever was handed over");
    }
}
