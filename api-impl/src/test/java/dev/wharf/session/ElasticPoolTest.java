package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The callback pool's growth: at once up to its eager size, beyond that only for tasks left waiting. */
class ElasticPoolTest {

    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "elastic-test");
        t.setDaemon(true);
        return t;
    };

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DAEMONS);
    private ElasticPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        timer.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("a burst of short tasks runs on the eager threads: none is started for tasks that are taken at once")
    void burstOfShortTasksStaysWithinEagerThreads() throws Exception {
        // A patience far longer than the burst: any growth beyond two threads would be the old start-per-task shape.
        pool = new ElasticPool(50, 2, TimeUnit.SECONDS.toNanos(30), 10, DAEMONS, timer);
        int tasks = 2_000;
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            pool.execute(done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "the burst did not finish");
        assertTrue(pool.getLargestPoolSize() <= 2, "threads started: " + pool.getLargestPoolSize());
    }

    @Test
    @DisplayName("after every burst the pool ends all its threads once their keep-alive has passed, the last one too")
    void everyBurstLeavesNoThreadBehind() throws Exception {
        // On Java 17, with LinkedTransferQueue as the pool's queue, one worker in two or three such bursts stayed in
        // the queue's timed poll, on a CPU, long after its 1 s keep-alive (JDK-8301341); IdleHandOffQueue does not.
        pool = new ElasticPool(8, 4, TimeUnit.MILLISECONDS.toNanos(1), 1, DAEMONS, timer);
        for (int burst = 0; burst < 5; burst++) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                pool.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ended.countDown();
                });
            }
            awaitPoolSize(size -> size == 8, "grow to one thread per blocked task", burst);
            release.countDown();
            assertTrue(ended.await(5, TimeUnit.SECONDS));
            awaitPoolSize(size -> size == 0, "end every thread after its 1 s keep-alive", burst);
        }
    }

    /** Polls the pool's size (not notified) for up to 5 s; keep-alive is 1 s, so a thread left at 5 s is stuck. */
    private void awaitPoolSize(java.util.function.IntPredicate wanted, String what, int burst)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!wanted.test(pool.getPoolSize())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("burst " + burst + ": did not " + what + "; threads " + pool.getPoolSize());
            }
            Thread.sleep(5); // a gauge, read not notified
        }
    }

    @Test
    @DisplayName("tasks behind blocked threads get a new thread after the patience interval, not never")
    void blockedThreadsDoNotStarveWaitingTasks() throws Exception {
        pool = new ElasticPool(10, 2, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        CountDownLatch release = new CountDownLatch(1);
        blockTwoThreads(release);
        CountDownLatch ran = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::countDown);
        }
        assertTrue(ran.await(5, TimeUnit.SECONDS), "tasks behind two blocked threads never ran");
        assertTrue(pool.getPoolSize() >= 3, "no thread was started for them: " + pool.getPoolSize());
        release.countDown();
    }

    @Test
    @DisplayName("at the bound, a task waits for a thread to come free and then runs")
    void atTheBoundTasksWaitForAFreeThread() throws Exception {
        pool = new ElasticPool(2, 2, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        CountDownLatch release = new CountDownLatch(1);
        blockTwoThreads(release);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertFalse(ran.await(50, TimeUnit.MILLISECONDS), "a third thread ran it although the bound is two");
        assertEquals(2, pool.getPoolSize());
        release.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the waiting task did not run once a thread came free");
    }

    @Test
    @DisplayName("issue #19: threads waiting for slow peers (ElasticPool.block) do not count against the bound")
    void threadsBlockedInSendsAreCompensated() throws Exception {
        pool = new ElasticPool(2, 8, 2, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        CountDownLatch peersRead = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) { // three times the bound, all waiting for a peer
            pool.execute(() -> {
                try {
                    ElasticPool.block(() -> {
                        waiting.countDown();
                        peersRead.await();
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertTrue(waiting.await(5, TimeUnit.SECONDS), "tasks behind blocked senders never got a thread");
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "another session's callback starved behind blocked senders");
        assertTrue(pool.getPoolSize() <= 8, "the hard bound holds: " + pool.getPoolSize());
        peersRead.countDown();
    }

    @Test
    @DisplayName("the hard bound holds: beyond maxThreads + maxBlockedThreads a task waits for a free thread")
    void blockedThreadsHaveAHardBound() throws Exception {
        pool = new ElasticPool(1, 2, 1, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        CountDownLatch peersRead = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
                try {
                    ElasticPool.block(() -> {
                        waiting.countDown();
                        peersRead.await();
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertFalse(ran.await(50, TimeUnit.MILLISECONDS), "a fourth thread started past the hard bound of three");
        assertEquals(3, pool.getPoolSize());
        peersRead.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("issue #19: at the hard bound a waiting task takes the thread of the send blocked longest, given up")
    void longestBlockedSendIsGivenUpForAWaitingTask() throws Exception {
        pool = new ElasticPool(1, 2, 1, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        List<Integer> givenUp = new CopyOnWriteArrayList<>();
        List<Long> waitedWhenGivenUp = new CopyOnWriteArrayList<>();
        List<CountDownLatch> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int sender = i;
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch peerRead = new CountDownLatch(1);
            peers.add(peerRead);
            pool.execute(() -> {
                try {
                    ElasticPool.block(() -> {
                        waiting.countDown();
                        peerRead.await();
                    }, waitedMs -> {
                        givenUp.add(sender);
                        waitedWhenGivenUp.add(waitedMs);
                        peerRead.countDown(); // as abandoning the session's sends does: the wait ends
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // One at a time: a wait is registered before it begins, so the three are registered in this order.
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
        }
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the task never got a thread");
        assertEquals(List.of(0), givenUp, "exactly the oldest wait is given up, once");
        assertEquals(1, pool.preemptedSends());
        assertTrue(waitedWhenGivenUp.get(0) >= TimeUnit.NANOSECONDS.toMillis(ElasticPool.PREEMPT_AFTER_NANOS),
                "a wait younger than the preemption age was given up after " + waitedWhenGivenUp + " ms");
        assertEquals(3, pool.getPoolSize(), "no thread beyond the hard bound");
        peers.forEach(CountDownLatch::countDown);
    }

    /** Occupies two pool threads until {@code release} opens; returns once both are running. */
    private void blockTwoThreads(CountDownLatch release) throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
        }
        assertTrue(blocked.await(5, TimeUnit.SECONDS), "two tasks did not start");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("issue #19: a host thread lent to run callbacks counts as one of maxThreads, whoever's thread it is")
    void lentHostThreadsCountAgainstTheBound() throws Exception {
        pool = new ElasticPool(3, 0, 3, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch lentNow = new CountDownLatch(2);
        List<Boolean> lent = new CopyOnWriteArrayList<>();
        List<Thread> hosts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread host = new Thread(() -> {
                boolean mine = pool.tryLend(16);
                lent.add(mine);
                lentNow.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (mine) {
                        pool.endLend();
                    }
                }
            }, "host-reader");
            hosts.add(host);
            host.start();
        }
        assertTrue(lentNow.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(true, true), lent);
        // Two lent, maxThreads 3: one pool thread may run beside them, not two.
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch finish = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    finish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertFalse(started.await(50, TimeUnit.MILLISECONDS), "two pool threads ran beside two lent ones, maxThreads 3");
        assertEquals(1, started.getCount());
        assertFalse(pool.tryLend(16), "a host thread was lent beside three running threads, maxThreads 3");
        release.countDown();
        for (Thread host : hosts) {
            host.join(5_000);
        }
        assertTrue(started.await(5, TimeUnit.SECONDS), "the task did not run once the lent threads went back");
        finish.countDown();
        assertFalse(pool.tryLend(0), "beyond the number of host threads that may be lent");
    }

    @Test
    @DisplayName("issue #19: a lent host thread waiting in a send does not count as running, and is not given up")
    void lentThreadWaitingInASendFreesItsPlace() throws Exception {
        pool = new ElasticPool(1, 0, 1, TimeUnit.MILLISECONDS.toNanos(1), 10, DAEMONS, timer);
        CountDownLatch peerRead = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        List<Long> givenUp = new CopyOnWriteArrayList<>();
        Thread host = new Thread(() -> {
            assertTrue(pool.tryLend(16));
            try {
                ElasticPool.block(() -> {
                    blocking.countDown();
                    peerRead.await();
                }, givenUp::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.endLend();
            }
        }, "host-reader");
        host.start();
        assertTrue(blocking.await(5, TimeUnit.SECONDS));
        // maxThreads 1, taken by the lent thread until it waits: now a worker may run, and a second task waits
        // for it; the lent thread's send is never given up for that task.
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        pool.execute(() -> {
            holding.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(holding.await(5, TimeUnit.SECONDS), "the lent thread's wait held the pool's only thread back");
        CountDownLatch second = new CountDownLatch(1);
        pool.execute(second::countDown);
        assertFalse(second.await(300, TimeUnit.MILLISECONDS), "past the bound of one running thread");
        assertEquals(List.of(), givenUp, "a host thread's send was given up for a pool task");
        hold.countDown();
        assertTrue(second.await(5, TimeUnit.SECONDS));
        peerRead.countDown();
        host.join(5_000);
        assertFalse(host.isAlive());
    }

    @Test
    @DisplayName("issue #19: tasks of sessions whose peers are behind wait behind the others, and still run")
    void laggingTasksGoBehindOrdinaryOnes() throws Exception {
        pool = new ElasticPool(1, 0, 1, TimeUnit.SECONDS.toNanos(30), 10, DAEMONS, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        pool.execute(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(4);
        for (int i = 1; i <= 3; i++) {
            String name = "slow" + i;
            pool.executeLagging(() -> {
                order.add(name);
                all.countDown();
            });
        }
        pool.execute(() -> {
            order.add("keeps-up");
            all.countDown();
        });
        assertEquals(4, pool.waitingTasks());
        release.countDown();
        assertTrue(all.await(5, TimeUnit.SECONDS), "tasks left waiting: " + order);
        // At most one take in LAGGING_TURN serves the lagging lane first: among four takes, at most one.
        assertTrue(order.indexOf("keeps-up") <= 1, "the task of a session that keeps up waited behind slow ones: "
                + order);
        assertEquals(List.of("slow1", "slow2", "slow3"), order.stream().filter(n -> n.startsWith("slow")).toList(),
                "lagging tasks keep their order");
    }
}
