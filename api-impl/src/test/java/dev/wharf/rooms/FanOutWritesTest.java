package dev.wharf.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Room fan-outs' writes are combined: one fan-out writes at a time, the others only hand their members over. None is
 * left unwritten, no thread combines for ever, and every member gets every frame once and in order.
 */
class FanOutWritesTest {

    /** Runs nothing until asked: the test decides when a handed-on combiner runs. */
    private final Queue<Runnable> pool = new ArrayDeque<>();

    private <M> FanOutWrites<M> writes(Consumer<M> write) {
        return new FanOutWrites<>(write, m -> pool::add);
    }

    @Test
    @DisplayName("a fan-out alone writes its members at once, on its own thread")
    void aloneWritesAtOnce() {
        List<String> written = new ArrayList<>();
        FanOutWrites<String> writes = writes(written::add);
        writes.write(new String[] {"a", "b", null}, 2);
        assertEquals(List.of("a", "b"), written);
        assertFalse(writes.combining());
        assertTrue(pool.isEmpty(), "nothing handed on");
    }

    @Test
    @DisplayName("a fan-out that arrives while another writes only hands over: the writing one writes its members")
    @Timeout(10)
    void latecomerLeavesItsWritesToTheCombiner() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        List<String> writers = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inFirstWrite = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        String combinerName = "combiner";
        FanOutWrites<String> writes = writes(m -> {
            if (m.equals("a1")) {
                inFirstWrite.countDown();
                await(goOn);
            }
            written.add(m);
            writers.add(Thread.currentThread().getName());
        });
        Thread combiner = new Thread(() -> writes.write(new String[] {"a1", "a2"}, 2), combinerName);
        combiner.start();
        inFirstWrite.await();
        assertTrue(writes.combining());
        writes.write(new String[] {"b1", "b2"}, 2); // returns at once: the combiner writes them
        assertEquals(List.of(), written, "the latecomer wrote nothing itself");
        goOn.countDown();
        combiner.join();
        assertEquals(List.of("a1", "a2", "b1", "b2"), written);
        assertEquals(List.of(combinerName, combinerName, combinerName, combinerName), writers);
        assertFalse(writes.combining());
    }

    @Test
    @DisplayName("hand-overs waiting together: a member in several is visited once, one in only one still written")
    @Timeout(10)
    void waitingHandOversVisitEachMemberOnce() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inFirstWrite = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        FanOutWrites<String> writes = writes(m -> {
            if (m.equals("first")) {
                inFirstWrite.countDown();
                await(goOn);
            }
            written.add(m);
        });
        Thread combiner = new Thread(() -> writes.write(new String[] {"first"}, 1));
        combiner.start();
        inFirstWrite.await();
        // three fan-outs queue while the combiner writes: two to the same room, one to a room with another order
        String a = "a";
        String b = "b";
        String c = "c";
        writes.write(new String[] {a, b}, 2);
        writes.write(new String[] {a, b, c}, 3);
        writes.write(new String[] {b, a}, 2);
        goOn.countDown();
        combiner.join();
        assertEquals(List.of("first", "a", "b", "c", "b", "a"), written,
                "a and b once for the first two (same places), c once; the third lists them elsewhere: visited again");
        assertFalse(writes.combining());
    }

    @Test
    @DisplayName("a combiner writes at most MAX_HAND_OVERS hand-overs, then hands the role on to the pool")
    @Timeout(10)
    void combinerIsNotKeptForEver() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inFirstWrite = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        FanOutWrites<Integer> writes = new FanOutWrites<>(recordingHeldAtZero(written, inFirstWrite, goOn),
                m -> task -> {
                    synchronized (pool) {
                        pool.add(task);
                    }
                });
        Thread combiner = new Thread(() -> writes.write(new Integer[] {0}, 1));
        combiner.start();
        inFirstWrite.await();
        int others = FanOutWrites.MAX_HAND_OVERS + 3;
        for (int i = 1; i <= others; i++) {
            writes.write(new Integer[] {i}, 1);
        }
        goOn.countDown();
        combiner.join();
        assertEquals(FanOutWrites.MAX_HAND_OVERS, written.size(), "its own hand-over and the next ones up to the bound");
        Runnable handedOn;
        synchronized (pool) {
            assertEquals(1, pool.size(), "the rest is handed on, once");
            handedOn = pool.poll();
        }
        handedOn.run();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i <= others; i++) {
            all.add(i);
        }
        assertEquals(all, written, "the pool task wrote the rest, in the order handed over");
        assertFalse(writes.combining());
    }

    @Test
    @DisplayName("a pool that refuses the role (stopping): the combiner goes on itself, nothing is stranded")
    @Timeout(10)
    void refusedHandOnKeepsWriting() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inFirstWrite = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        FanOutWrites<Integer> writes = new FanOutWrites<>(recordingHeldAtZero(written, inFirstWrite, goOn),
                m -> task -> {
                    throw new RejectedExecutionException("stopping");
                });
        Thread combiner = new Thread(() -> writes.write(new Integer[] {0}, 1));
        combiner.start();
        inFirstWrite.await();
        int others = 2 * FanOutWrites.MAX_HAND_OVERS + 1;
        for (int i = 1; i <= others; i++) {
            writes.write(new Integer[] {i}, 1);
        }
        goOn.countDown();
        combiner.join();
        assertEquals(others + 1, written.size());
    }

    @Test
    @DisplayName("one member's failing write does not strand the other members' frames")
    void failureWritesTheRest() {
        List<String> done = new ArrayList<>();
        FanOutWrites<String> failing = writes(m -> {
            if (m.equals("bad")) {
                throw new IllegalStateException("transport broke");
            }
            done.add(m);
        });
        assertThrows(IllegalStateException.class, () -> failing.write(new String[] {"a", "bad", "b"}, 3));
        assertEquals(List.of("a", "b"), done);
        assertFalse(failing.combining(), "the role is given up after a failure too");
        failing.write(new String[] {"c"}, 1);
        assertEquals(List.of("a", "b", "c"), done);
    }

    /** A member's send queue as the rooms see it: frames queued in order, a write takes all of them at once. */
    private static final class Member {
        private final List<long[]> waiting = new ArrayList<>();
        private final List<long[]> delivered = new ArrayList<>();
        private int writes;

        synchronized void queue(long sender, long seq) {
            waiting.add(new long[] {sender, seq});
        }

        synchronized void write() {
            if (!waiting.isEmpty()) {
                delivered.addAll(waiting);
                waiting.clear();
                writes++;
            }
        }
    }

    @Test
    @DisplayName("many threads fanning out at once to shared members: every frame delivered exactly once, in order")
    @Timeout(60)
    void concurrentFanOutsDeliverEveryFrameOnceInOrder() throws Exception {
        int members = 50;
        int senders = 4;
        int rounds = 3_000;
        Member[] room = new Member[members];
        for (int i = 0; i < members; i++) {
            room[i] = new Member();
        }
        ExecutorService handOnPool = Executors.newFixedThreadPool(2);
        AtomicInteger handedOn = new AtomicInteger();
        FanOutWrites<Member> writes = new FanOutWrites<>(Member::write, m -> task -> {
            handedOn.incrementAndGet();
            handOnPool.execute(task);
        });
        ExecutorService threads = Executors.newFixedThreadPool(senders);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                long sender = s;
                done.add(threads.submit(() -> {
                    go.await();
                    for (long seq = 0; seq < rounds; seq++) {
                        Member[] queuedTo = new Member[members];
                        for (int i = 0; i < members; i++) {
                            room[i].queue(sender, seq);
                            queuedTo[i] = room[i];
                        }
                        writes.write(queuedTo, members);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            handOnPool.shutdown(); // a handed-on combiner that is refused now goes on by itself
            assertTrue(handOnPool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertFalse(writes.combining());
        long totalWrites = 0;
        for (Member m : room) {
            synchronized (m) {
                assertTrue(m.waiting.isEmpty(), "nothing stranded in a member's queue");
                assertEquals(senders * rounds, m.delivered.size(), "every frame once");
                long[] next = new long[senders];
                for (long[] frame : m.delivered) {
                    assertEquals(next[(int) frame[0]]++, frame[1], "in order per sender");
                }
                totalWrites += m.writes;
            }
        }
        // Not asserted (it depends on the scheduler), but shown: how much the combining gathered here.
        System.out.printf("FanOutWritesTest: %.3f writes per delivery, %d hand-ons to the pool%n",
                (double) totalWrites / ((long) members * senders * rounds), handedOn.get());
    }

    /** Records each member written; the write of member 0 signals {@code inWrite} and waits for {@code goOn}. */
    private static Consumer<Integer> recordingHeldAtZero(List<Integer> written,
            CountDownLatch inWrite, CountDownLatch goOn) {
        return m -> {
            if (m == 0) {
                inWrite.countDown();
                await(goOn);
            }
            written.add(m);
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
