package dev.wharf.session;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pool that hands a task to an idle thread when there is one, starts a new thread only when none is idle, up to
 * a bound, and queues beyond it. {@link ThreadPoolExecutor} alone either starts a thread per task until its core
 * size (so a burst of sessions leaves hundreds of idle threads) or queues before growing (so blocking sends can
 * starve the sessions behind them); this is the shape in between.
 */
final class ElasticPool extends ThreadPoolExecutor {

    ElasticPool(int maxThreads, long keepAliveSeconds, ThreadFactory threads) {
        super(0, maxThreads, keepAliveSeconds, TimeUnit.SECONDS, new HandOffQueue(), threads,
                (task, pool) -> ((HandOffQueue) pool.getQueue()).enqueue(task));
        ((HandOffQueue) getQueue()).pool = this;
    }

    /** Offers go to a waiting idle thread, else refuse (so the pool grows), unless the pool is at its bound. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true;
            }
            if (pool.getPoolSize() < pool.getMaximumPoolSize()) {
                return false; // the executor starts a thread for it
            }
            return super.offer(task);
        }

        /** Tasks refused by a full pool wait here; a thread takes them as soon as it is free. */
        void enqueue(Runnable task) {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            super.offer(task);
        }
    }
}
