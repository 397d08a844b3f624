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
import java.util.concurrent.Executor;
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

    private <M> FanOutWrites<M, String> writes(Consumer<M> write) {
        return new FanOutWrites<>(members(write, task -> pool.add(task)));
    }

    /** Members whose queuing records nothing: these tests watch the writes. */
    private static <M, T> FanOutWrites.Members<M, T> members(Consumer<M> write, Executor pool) {
        return new FanOutWrites.Members<>() {
            @Override
            public void queue(M member, T message) {
            }

            @Override
            public void write(M member) {
                write.accept(member);
            }

            @Override
            public Executor pool(M member) {
                return pool;
            }
        };
    }

    @Test
    @DisplayName("a fan-out alone writes its members at once, on its own thread")
    void aloneWritesAtOnce() {
        List<String> written = new ArrayList<>();
        FanOutWrites<String, String> writes = writes(written::add);
        writes.handOver("m", null, new String[] {"a", "b", null}, 2);
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
        FanOutWrites<String, String> writes = writes(m -> {
            if (m.equals("a1")) {
                inFirstWrite.countDown();
                await(goOn);
            }
            written.add(m);
            writers.add(Thread.currentThread().getName());
        });
        Thread combiner = new Thread(() -> writes.handOver("m", null, new String[] {"a1", "a2"}, 2), combinerName);
        combiner.start();
        inFirstWrite.await();
        assertTrue(writes.combining());
        writes.handOver("m", null, new String[] {"b1", "b2"}, 2); // returns at once: the combiner writes them
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
        FanOutWrites<String, String> writes = writes(m -> {
            if (m.equals("first")) {
                inFirstWrite.countDown();
                await(goOn);
            }
            written.add(m);
        });
        Thread combiner = new Thread(() -> writes.handOver("m", null, new String[] {"first"}, 1));
        combiner.start();
        inFirstWrite.await();
        // three fan-outs queue while the combiner writes: two to the same room, one to a room with another order
        String a = "a";
        String b = "b";
        String c = "c";
        writes.handOver("m", null, new String[] {a, b}, 2);
        writes.handOver("m", null, new String[] {a, b, c}, 3);
        writes.handOver("m", null, new String[] {b, a}, 2);
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
        FanOutWrites<Integer, String> writes = new FanOutWrites<>(members(recordingHeldAtZero(written, inFirstWrite, goOn),
                task -> {
                    synchronized (pool) {
                        pool.add(task);
                    }
                }));
        Thread combiner = new Thread(() -> writes.handOver("m", null, new Integer[] {0}, 1));
        combiner.start();
        inFirstWrite.await();
        int others = FanOutWrites.MAX_HAND_OVERS + 3;
        for (int i = 1; i <= others; i++) {
            writes.handOver("m", null, new Integer[] {i}, 1);
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
        FanOutWrites<Integer, String> writes = new FanOutWrites<>(members(recordingHeldAtZero(written, inFirstWrite, goOn),
                task -> {
                    throw new RejectedExecutionException("stopping");
                }));
        Thread combiner = new Thread(() -> writes.handOver("m", null, new Integer[] {0}, 1));
        combiner.start();
        inFirstWrite.await();
        int others = 2 * FanOutWrites.MAX_HAND_OVERS + 1;
        for (int i = 1; i <= others; i++) {
            writes.handOver("m", null, new Integer[] {i}, 1);
        }
        goOn.countDown();
        combiner.join();
        assertEquals(others + 1, written.size());
    }

    @Test
    @DisplayName("one member's failing write does not strand the other members' frames")
    void failureWritesTheRest() {
        List<String> done = new ArrayList<>();
        FanOutWrites<String, String> failing = writes(m -> {
            if (m.equals("bad")) {
                throw new IllegalStateException("transport broke");
            }
            done.add(m);
        });
        assertThrows(IllegalStateException.class, () -> failing.handOver("m", null, new String[] {"a", "bad", "b"}, 3));
        assertEquals(List.of("a", "b"), done);
        assertFalse(failing.combining(), "the role is given up after a failure too");
        failing.handOver("m", null, new String[] {"c"}, 1);
        assertEquals(List.of("a", "b", "c"), done);
    }

    /** Records "queue member message" and "write member" in one log; queuing or writing {@code holdAt} waits. */
    private static FanOutWrites.Members<String, String> logging(List<String> log, String holdAt,
            CountDownLatch held, CountDownLatch goOn) {
        return new FanOutWrites.Members<>() {
            @Override
            public void queue(String member, String message) {
                hold("queue " + member + " " + message);
            }

            @Override
            public void write(String member) {
                hold("write " + member);
            }

            private void hold(String event) {
                if (event.equals(holdAt)) {
                    held.countDown();
                    await(goOn);
                }
                log.add(event);
            }

            @Override
            public Executor pool(String member) {
                return Runnable::run;
            }
        };
    }

    @Test
    @DisplayName("a member in a run of hand-overs gets every message of the run queued in order, except its own,"
            + " then one write")
    @Timeout(10)
    void oneVisitQueuesTheRunThenWrites() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        FanOutWrites<String, String> writes = new FanOutWrites<>(logging(log, "write first", held, goOn));
        Thread combiner = new Thread(() -> writes.handOver("m0", null, new String[] {"first"}, 1));
        combiner.start();
        held.await();
        writes.handOver("m1", null, new String[] {"a", "b"}, 2);
        writes.handOver("m2", "b", new String[] {"a", "b"}, 2); // b sent it: not for b
        writes.handOver("m3", null, new String[] {"a", "b"}, 2);
        goOn.countDown();
        combiner.join();
        assertEquals(List.of("queue first m0", "write first",
                "queue a m1", "queue a m2", "queue a m3", "write a",
                "queue b m1", "queue b m3", "write b"), log);
    }

    @Test
    @DisplayName("a hand-over still waiting when its maker sends: the maker delivers it first, the combiner skips it")
    @Timeout(10)
    void makerDeliversItsWaitingHandOverBeforeItsSend() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        FanOutWrites<String, String> writes = new FanOutWrites<>(logging(log, "write first", held, goOn));
        Thread combiner = new Thread(() -> writes.handOver("m0", null, new String[] {"first"}, 1));
        combiner.start();
        held.await();
        writes.handOver("m1", null, new String[] {"x", "y"}, 2); // the combiner is busy: returns at once
        writes.handOver("m2", "y", new String[] {"x", "y"}, 2);
        assertEquals(List.of("queue first m0"), log);
        OwnHandOvers.settle(); // what a send of this thread runs first
        log.add("send x");
        goOn.countDown();
        combiner.join();
        assertEquals(List.of("queue first m0", "queue x m1", "write x", "queue y m1", "write y", "queue x m2",
                "write x", "send x", "write first"), log, "delivered once, by the maker, before its send");
    }

    @Test
    @DisplayName("a hand-over the combiner claimed when its maker sends: the maker waits until it is delivered")
    @Timeout(10)
    void makerWaitsForTheCombinersClaimBeforeItsSend() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch held = new CountDownLatch(2);
        CountDownLatch goOn = new CountDownLatch(1);
        CountDownLatch goOnSlow = new CountDownLatch(1);
        FanOutWrites<String, String> writes = new FanOutWrites<>(new FanOutWrites.Members<>() {
            private final FanOutWrites.Members<String, String> first = logging(log, "write first", held, goOn);
            private final FanOutWrites.Members<String, String> slow = logging(log, "queue slow m1", held, goOnSlow);

            @Override
            public void queue(String member, String message) {
                slow.queue(member, message);
            }

            @Override
            public void write(String member) {
                first.write(member);
            }

            @Override
            public Executor pool(String member) {
                return Runnable::run;
            }
        });
        Thread combiner = new Thread(() -> writes.handOver("m0", null, new String[] {"first"}, 1));
        combiner.start();
        while (held.getCount() == 2) { // the combiner holds at "write first"
            Thread.onSpinWait();
        }
        CountDownLatch made = new CountDownLatch(1);
        Thread maker = new Thread(() -> {
            writes.handOver("m1", null, new String[] {"slow", "x"}, 2);
            made.countDown();
            await(held); // the combiner claimed m1 and holds in queuing it to "slow"
            OwnHandOvers.settle();
            log.add("send x");
        });
        maker.start();
        made.await();
        goOn.countDown();
        while (maker.getState() != Thread.State.WAITING || held.getCount() != 0) { // parked in settle
            Thread.onSpinWait();
        }
        goOnSlow.countDown();
        maker.join();
        combiner.join();
        assertEquals(List.of("queue first m0", "write first", "queue slow m1", "write slow", "queue x m1", "write x", "send x"), log,
                "the maker's send after the combiner delivered its broadcast to every member");
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
        FanOutWrites<Member, long[]> writes = new FanOutWrites<>(new FanOutWrites.Members<>() {
            @Override
            public void queue(Member member, long[] message) {
                member.queue(message[0], message[1]);
            }

            @Override
            public void write(Member member) {
                member.write();
            }

            @Override
            public Executor pool(Member member) {
                return task -> {
                    handedOn.incrementAndGet();
                    handOnPool.execute(task);
                };
            }
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
                        writes.handOver(new long[] {sender, seq}, null, room.clone(), members);
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
