package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue #19: one budget for the bytes all sessions of a container hold for peers that do not read. */
class SendBudgetTest {

    private static final int KIB = 1024;

    /** A transport whose writes never complete: a peer that stopped reading. */
    private static final class StuckTransport extends WriteOnlyTransport {
        final List<WriteCallback> pending = new ArrayList<>();

        @Override
        public synchronized void write(ByteBuffer[] buffers, WriteCallback callback) {
            pending.add(callback);
        }
    }

    /** A session as the budget sees it: a stuck queue that is abandoned when evicted. */
    private static final class Member implements SendBudget.Holder {
        final SendQueue queue;
        final Transport transport = new StuckTransport();
        volatile String evictedFor;

        Member(SendBudget budget) {
            queue = new SendQueue(transport, budget);
        }

        @Override
        public long heldSendBytes() {
            return queue.heldBytes();
        }

        @Override
        public Runnable evict(String reason) {
            evictedFor = reason;
            return queue.detach(new IOException(reason));
        }

        SendFuture send(int bytes) {
            SendFuture f = new SendFuture();
            queue.offer(new ByteBuffer[] {ByteBuffer.allocate(bytes)}, f, 0, false);
            return f;
        }
    }

    @Test
    @DisplayName("issue #19: over the container's budget, the session holding the most unsent bytes is closed, not the others")
    void largestHolderIsEvicted() throws Exception {
        List<Member> members = new ArrayList<>();
        SendBudget budget = new SendBudget(() -> 100 * KIB, () -> members);
        Member big = new Member(budget);
        Member middle = new Member(budget);
        Member small = new Member(budget);
        members.addAll(List.of(big, middle, small));
        SendFuture inFlight = big.send(10 * KIB); // written at once (and stuck there)
        SendFuture waiting = big.send(50 * KIB);
        middle.send(30 * KIB);
        assertEquals(90 * KIB, budget.heldBytes(), "in flight, waiting and queued bytes all count");
        assertNull(big.evictedFor);
        small.send(20 * KIB); // 110 KiB: over
        assertTrue(big.evictedFor != null && big.evictedFor.contains("server send budget of " + 100 * KIB),
                String.valueOf(big.evictedFor));
        assertNull(middle.evictedFor);
        assertNull(small.evictedFor);
        assertEquals(50 * KIB, budget.heldBytes(), "the evicted session's bytes are freed at once");
        assertEquals(1, budget.evictions());
        for (SendFuture f : List.of(inFlight, waiting)) {
            assertTrue(f.isDone(), "the evicted session's sends fail");
            var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    f::get);
            assertInstanceOf(IOException.class, failure.getCause());
        }
    }

    @Test
    @DisplayName("issue #19: a control frame over the budget never waits for another thread's enforcement, and that"
            + " enforcement then gives up its bytes too")
    void controlFrameDoesNotWaitForEnforcement() throws Exception {
        // A close reply of 120 KiB (absurd, but the size makes the point): over the budget on its own.
        doesNotWaitForEnforcement(member -> member.queue.offer(
                new ByteBuffer[] {ByteBuffer.allocate(120 * KIB)}, FrameCompletion.NONE, 0, true));
    }

    @Test
    @DisplayName("issue #19: a host thread lent to run callbacks never waits for another thread's enforcement when"
            + " its data frame takes the container over the budget")
    void lentHostThreadDoesNotWaitForEnforcement() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ElasticPool pool = new ElasticPool(4, 2, TimeUnit.MILLISECONDS.toNanos(1), 10, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }, timer);
        try {
            doesNotWaitForEnforcement(member -> {
                assertTrue(pool.tryLend(1), "the sending thread is lent, as a host's reader running a callback");
                try {
                    member.send(120 * KIB);
                } finally {
                    pool.endLend();
                }
            });
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    /**
     * While one enforcement is held up giving up the largest holder, {@code sendOverBudget} (on another thread) takes
     * the container over the budget by 120 KiB of a second session: it must return at once, and the enforcement
     * running must then give up that session too.
     */
    private static void doesNotWaitForEnforcement(java.util.function.Consumer<Member> sendOverBudget)
            throws Exception {
        List<SendBudget.Holder> holders = new ArrayList<>();
        SendBudget budget = new SendBudget(() -> 100 * KIB, () -> holders);
        CountDownLatch evicting = new CountDownLatch(1);
        CountDownLatch finishEvicting = new CountDownLatch(1);
        Member slowToEvict = new Member(budget);
        Member other = new Member(budget);
        // The first session's eviction takes long (under the budget's lock): a stand-in for many holders to sort
        // and queues to give up while hundreds of threads queue behind them.
        holders.add(new SendBudget.Holder() {
            @Override
            public long heldSendBytes() {
                return slowToEvict.heldSendBytes();
            }

            @Override
            public Runnable evict(String reason) {
                evicting.countDown();
                try {
                    assertTrue(finishEvicting.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return slowToEvict.evict(reason);
            }
        });
        holders.add(other);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            slowToEvict.send(60 * KIB);
            Future<?> enforcing = threads.submit(() -> slowToEvict.send(50 * KIB)); // 110 KiB: over, evicts it
            assertTrue(evicting.await(10, TimeUnit.SECONDS), "the enforcement started");
            Future<?> sent = threads.submit(() -> sendOverBudget.accept(other));
            sent.get(10, TimeUnit.SECONDS); // it would wait for the enforcement's lock before the fix
            assertNull(other.evictedFor, "not yet: the running enforcement looks again once it is done");
            finishEvicting.countDown();
            enforcing.get(10, TimeUnit.SECONDS);
            assertTrue(slowToEvict.evictedFor != null);
            assertTrue(other.evictedFor != null, "the second session's bytes were not left over the budget");
            assertTrue(budget.heldBytes() <= 100 * KIB, budget.heldBytes() + " bytes held");
            assertEquals(2, budget.evictions());
        } finally {
            finishEvicting.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("issue #19: enforcements in quick succession write one warning a second at most, and count every"
            + " session they close")
    void warnsOnceASecondAtMost() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(SendBudget.class.getName());
        List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            List<Member> members = new ArrayList<>();
            SendBudget budget = new SendBudget(() -> 64 * KIB, () -> members);
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                Member m = new Member(budget);
                members.add(m);
                m.send(100 * KIB); // alone over the budget: closed at once
                assertTrue(m.evictedFor != null, "member " + i);
            }
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(5, budget.evictions());
            assertTrue(warnings.size() >= 1 && warnings.size() <= 1 + seconds, warnings.size() + " warnings");
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    @DisplayName("several sessions are closed, largest first, until the total is back within the budget")
    void evictsUntilWithinBudget() {
        List<Member> members = new ArrayList<>();
        SendBudget budget = new SendBudget(() -> 64 * KIB, () -> members);
        for (int i = 0; i < 8; i++) {
            members.add(new Member(budget));
        }
        for (int i = 0; i < 7; i++) {
            members.get(i).send((i + 1) * 2 * KIB); // 2, 4, ..., 14 KiB: 56 KiB in all
        }
        members.get(7).send(40 * KIB); // 96 KiB: the 40 KiB one goes, which alone brings it to 56
        assertTrue(members.get(7).evictedFor != null);
        assertEquals(1, budget.evictions());
        members.get(0).send(20 * KIB); // 2 + 20 = 22 KiB there now; 76 KiB in all: 22 KiB goes
        assertTrue(members.get(0).evictedFor != null);
        assertEquals(54 * KIB, budget.heldBytes());
        assertTrue(budget.heldBytes() <= 64 * KIB);
        for (int i = 1; i < 7; i++) {
            assertNull(members.get(i).evictedFor, "member " + i);
        }
    }

    @Test
    @DisplayName("a budget of 0 means none: nothing is closed whatever is held")
    void zeroMeansNoBudget() {
        List<Member> members = new ArrayList<>();
        AtomicReference<Long> limit = new AtomicReference<>(0L);
        SendBudget budget = new SendBudget(limit::get, () -> members);
        Member m = new Member(budget);
        members.add(m);
        m.send(1 << 20);
        m.send(1 << 20);
        assertNull(m.evictedFor);
        assertEquals(2L << 20, budget.heldBytes());
    }

    @Test
    @DisplayName("bytes are released as writes complete, and when a failed connection drops its queue")
    void bytesAreReleased() {
        SendBudget budget = new SendBudget(() -> 0, List::of);
        StuckTransport transport = new StuckTransport();
        SendQueue queue = new SendQueue(transport, budget);
        queue.offer(new ByteBuffer[] {ByteBuffer.allocate(1000)}, FrameCompletion.NONE, 0, false);
        queue.offer(new ByteBuffer[] {ByteBuffer.allocate(500)}, FrameCompletion.NONE, 0, false);
        assertEquals(1500, budget.heldBytes());
        transport.pending.remove(0).completed(); // the first write is done; the second goes out
        assertEquals(500, budget.heldBytes());
        queue.offer(new ByteBuffer[] {ByteBuffer.allocate(300)}, FrameCompletion.NONE, 0, false);
        transport.pending.remove(0).failed(new IOException("reset"));
        assertEquals(0, budget.heldBytes(), "the failed write and everything behind it are released");
    }

    @Test
    @DisplayName("issue #16: a broadcast frame held by many queues counts once, until the last one writes or drops it")
    void sharedFrameCountsOnce() {
        List<Member> members = new ArrayList<>();
        SendBudget budget = new SendBudget(() -> 64 * KIB, () -> members);
        SharedFrame frame = new SharedFrame(ByteBuffer.allocate(10 * KIB).asReadOnlyBuffer());
        for (int i = 0; i < 100; i++) {
            Member m = new Member(budget);
            members.add(m);
            assertEquals(SendQueue.Offered.QUEUED, m.queue.offerShared(frame, 15 * KIB));
            assertEquals(10 * KIB, m.queue.heldBytes(), "each queue still holds the whole frame for its peer");
        }
        assertEquals(10 * KIB, budget.heldBytes(), "100 queues hold one 10 KiB frame: 10 KiB, not 1,000");
        assertEquals(0, budget.evictions(), "within the 64 KiB budget: nobody closed");
        // The per-member bound is unchanged: the first frame is being written, one more waits, a third is refused.
        Member first = members.get(0);
        SharedFrame second = new SharedFrame(ByteBuffer.allocate(10 * KIB).asReadOnlyBuffer());
        assertEquals(SendQueue.Offered.QUEUED, first.queue.offerShared(second, 15 * KIB));
        assertEquals(SendQueue.Offered.REFUSED, first.queue.offerShared(second, 15 * KIB));
        assertEquals(20 * KIB, budget.heldBytes());
        // An own frame beside the shared ones counts for its queue alone.
        first.send(KIB);
        assertEquals(21 * KIB, budget.heldBytes());
        // Dropped by all but one queue: still held, still counted once.
        for (Member m : members.subList(1, members.size())) {
            m.queue.detach(new IOException("gone")).run();
        }
        assertEquals(21 * KIB, budget.heldBytes());
        assertEquals(1, frame.holders(), "99 queues dropped their share");
        // The last holder's write completes: the frame's bytes are released; its failure releases the rest.
        StuckTransport transport = (StuckTransport) first.transport;
        transport.pending.remove(0).completed();
        assertEquals(0, frame.holders());
        assertEquals(11 * KIB, budget.heldBytes(), "the second frame and the own one remain");
        first.queue.fail(new IOException("reset"));
        transport.pending.remove(0).failed(new IOException("reset"));
        assertEquals(0, budget.heldBytes(), "nothing left counted once every queue wrote or dropped its frames");
        assertEquals(0, second.holders());
    }
}
