package dev.wharf.session;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pool that hands a task to an idle thread when there is one and otherwise grows patiently: up to
 * {@code eagerThreads} a thread starts at once; beyond that the task waits, and only if it (or any task) is still
 * waiting after {@code patienceNanos} does one more thread start, up to {@code maxThreads}, again and again while
 * tasks keep waiting.
 *
 * <p>{@link ThreadPoolExecutor} alone either starts a thread per task until its core size (so a burst of sessions
 * leaves hundreds of idle threads) or queues before growing (so blocking sends can starve the sessions behind them
 * for good). Starting a thread whenever none is idle, as this pool did before, made a burst of short tasks (the
 * {@code onOpen} of a hundred concurrent handshakes) grow it to dozens of threads that each did a few
 * microseconds of work, only because the busy ones had not yet gone back to wait. Waiting a moment first lets the
 * threads there are finish: a short task is taken within microseconds, and a callback that blocks holds the tasks
 * behind it up for one patience interval before a new thread takes them.
 */
final class ElasticPool extends ThreadPoolExecutor {

    /** Offered to the queue only to start a thread: the queue refuses it, so the executor adds a worker for it. */
    private static final Runnable START_THREAD = () -> { };

    private final int eagerThreads;
    private final long patienceNanos;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean growthCheckScheduled = new AtomicBoolean();

    ElasticPool(int maxThreads, int eagerThreads, long patienceNanos, long keepAliveSeconds, ThreadFactory threads,
                ScheduledExecutorService timer) {
        super(0, maxThreads, keepAliveSeconds, TimeUnit.SECONDS, new HandOffQueue(), threads,
                (task, pool) -> ((HandOffQueue) pool.getQueue()).enqueue(task));
        this.eagerThreads = Math.min(eagerThreads, maxThreads);
        this.patienceNanos = patienceNanos;
        this.timer = timer;
        ((HandOffQueue) getQueue()).pool = this;
    }

    /** After one patience interval: tasks still waiting mean every thread stayed busy, so one more starts. */
    private void scheduleGrowthCheck() {
        if (!growthCheckScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.schedule(this::checkGrowth, patienceNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            // the timer stops with the pool: nothing waits for growth any more
            growthCheckScheduled.set(false);
        }
    }

    private void checkGrowth() {
        growthCheckScheduled.set(false);
        if (isShutdown() || getQueue().isEmpty()) {
            return;
        }
        if (getPoolSize() < getMaximumPoolSize()) {
            execute(START_THREAD);
        }
        if (!getQueue().isEmpty()) {
            scheduleGrowthCheck();
        }
    }

    /**
     * Offers go to a waiting idle thread; else refuse (so the executor starts a thread) while the pool is below its
     * eager size; else queue and check back after the patience interval.
     */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private ElasticPool pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true;
            }
            int threads = pool.getPoolSize();
            if (threads < pool.getMaximumPoolSize() && (task == START_THREAD || threads < pool.eagerThreads)) {
                return false;
            }
            if (task == START_THREAD) {
                return true; // at the bound already: nothing to start, nothing to run
            }
            super.offer(task);
            if (threads < pool.getMaximumPoolSize()) {
                pool.scheduleGrowthCheck();
            }
            return true;
        }

        /** Tasks refused by a full pool wait here; a thread takes them as soon as it is free. */
        void enqueue(Runnable task) {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            if (task != START_THREAD) {
                super.offer(task);
            }
        }
    }
}
