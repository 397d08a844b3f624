package dev.wharf.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>A thread that waits for a peer to take its bytes (a blocking send, {@link #block}) does not count against
 * {@code maxThreads} while it waits: the bound is on threads that run callbacks, and a few hundred peers that stop
 * reading must not leave every other session's callbacks (and new sessions' {@code onOpen}) waiting for the send
 * timeout (issue #19). Such waits are bounded in time by the blocking send timeout, and their threads in number by
 * {@code maxBlockedThreads}.
 *
 * <p>When that bound is reached too and a task still finds no thread, the pool takes one back: the send that has
 * waited longest (at least {@link #PREEMPT_AFTER_NANOS}) is given up, which closes its session, and its thread
 * takes the waiting task. Otherwise 1,000 peers that stop reading would park every thread for the whole send
 * timeout, and no other session's callbacks (nor new sessions' {@code onOpen}) would run meanwhile.
 *
 * <p>A host's reading thread may run a session's callbacks itself ({@link #tryLend}): it then counts as one of
 * the pool's running threads, so callbacks never run on more than {@code maxThreads} threads at once whoever's
 * threads they are (beyond one pool thread: a task queued while the pool has none always gets one, as in any
 * {@link ThreadPoolExecutor}), and while a blocking send on it waits in {@link #block} it counts as running no more.
 * Such a send is not given up for a waiting task: that would free a host thread, not one of the pool's. Before this,
 * Jetty's reading threads ran callbacks beside the pool's (16 beside 8 in {@code PreemptedSendsTest}): three times
 * the threads encoding at once on two cores, and a new connection's handshake waited up to 1.9 s for CPU.
 *
 * <p>Two lanes: tasks of sessions whose peers are behind ({@link #executeLagging}: a write of theirs is still
 * outstanding, so their callbacks will likely wait in a send) run only when no other task waits, except every
 * {@link #LAGGING_TURN}th task a thread takes, so that they are never starved for good. In one queue, a new
 * session's {@code onOpen} and the messages of sessions that keep up waited behind hundreds of slow peers' turns,
 * each of which took a thread, blocked and had to be given up first (the canary's 5 s in {@code slow-readers}).
 */
final class ElasticPool extends ThreadPoolExecutor {

    /** Offered to the queue only to start a thread: the queue refuses it, so the executor adds a worker for it. */
    private static final Runnable START_THREAD = () -> { };
    /** Handed to an idle thread for a lagging task: it then looks for work, lagging lane included. Never queued. */
    private static final Runnable WAKE = () -> { };
    /** One task in this many a thread takes comes from the lagging lane first, if any waits there. */
    static final int LAGGING_TURN = 8;

    /**
     * A blocked send younger than this is never given up to free its thread: a send to a peer that reads completes
     * well within it, so only peers that have stopped reading lose their sessions.
     */
    static final long PREEMPT_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The pool whose worker the current thread is, or to which it is lent ({@link #tryLend}); null otherwise. */
    private static final ThreadLocal<ElasticPool> WORKER = new ThreadLocal<>();
    /** Set on a host thread while it is lent: its blocked sends are not the pool's to give up. */
    private static final ThreadLocal<Boolean> LENT = new ThreadLocal<>();

    private final int maxRunning;
    private final int eagerThreads;
    /** Workers waiting in {@link #block}: they do not count against {@link #maxRunning}. */
    private final AtomicInteger blocked = new AtomicInteger();
    /** The preemptible waits in {@link #block}, oldest first. */
    private final ConcurrentLinkedQueue<BlockedSend> blockedSends = new ConcurrentLinkedQueue<>();
    private final AtomicInteger preempted = new AtomicInteger();
    /** Tasks of sessions whose peers are behind, run when no other task waits ({@link #executeLagging}). */
    private final ConcurrentLinkedQueue<Runnable> lagging = new ConcurrentLinkedQueue<>();
    private final AtomicInteger takes = new AtomicInteger();
    /** Host threads running callbacks now ({@link #tryLend}): they count as running threads. */
    private final AtomicInteger lent = new AtomicInteger();
    private final long patienceNanos;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean growthCheckScheduled = new AtomicBoolean();

    ElasticPool(int maxThreads, int eagerThreads, long patienceNanos, long keepAliveSeconds, ThreadFactory threads,
                ScheduledExecutorService timer) {
        this(maxThreads, 0, eagerThreads, patienceNanos, keepAliveSeconds, threads, timer);
    }

    /**
     * @param maxThreads threads running callbacks at most
     * @param maxBlockedThreads threads waiting in {@link #block} beyond that, at most
     */
    ElasticPool(int maxThreads, int maxBlockedThreads, int eagerThreads, long patienceNanos, long keepAliveSeconds,
                ThreadFactory threads, ScheduledExecutorService timer) {
        super(0, maxThreads + maxBlockedThreads, keepAliveSeconds, TimeUnit.SECONDS, new HandOffQueue(),
                new WorkerFactory(threads), (task, pool) -> ((HandOffQueue) pool.getQueue()).enqueueRefused(task));
        ((WorkerFactory) getThreadFactory()).pool = this;
        this.maxRunning = maxThreads;
        this.eagerThreads = Math.min(eagerThreads, maxThreads);
        this.patienceNanos = patienceNanos;
        this.timer = timer;
        ((HandOffQueue) getQueue()).pool = this;
    }

    /** Marks the factory's threads as the pool's workers, for {@link #block}. */
    private static final class WorkerFactory implements ThreadFactory {
        private final ThreadFactory threads;
        /** Set once the pool exists, before any thread starts. */
        private volatile ElasticPool pool;

        WorkerFactory(ThreadFactory threads) {
            this.threads = threads;
        }

        @Override
        public Thread newThread(Runnable r) {
            ElasticPool owner = pool;
            return threads.newThread(() -> {
                WORKER.set(owner);
                r.run();
            });
        }
    }

    /** A wait for a peer to take our bytes, as {@link #block} runs it. */
    interface SendWait {
        void run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** A preemptible wait in {@link #block}: when it began, and how to end it early. */
    private static final class BlockedSend {
        final long sinceNanos = System.nanoTime();
        final GiveUp giveUp;
        /** When the pool's timer thread gave this wait up, 0 before; read and written by that thread only. */
        long givenUpNanos;

        BlockedSend(GiveUp giveUp) {
            this.giveUp = giveUp;
        }
    }

    /** Ends a blocked send early, so that its thread returns; told how long it had waited. */
    interface GiveUp {
        void giveUp(long waitedMillis);
    }

    /** As {@link #block(SendWait, GiveUp)}, for a wait that cannot be given up. */
    static void block(SendWait wait) throws InterruptedException, ExecutionException, TimeoutException {
        block(wait, null);
    }

    /**
     * Runs {@code wait} on the calling thread; if that is a worker of an elastic pool, the worker does not count
     * against the pool's bound meanwhile, and a task waiting for a thread gets a new one after the patience interval.
     * If the pool is at its hard bound and a task finds no thread, {@code giveUp} (unless null) may be called on the
     * pool's timer thread to end the wait early: it must make {@code wait} return or throw soon.
     */
    static void block(SendWait wait, GiveUp giveUp) throws InterruptedException, ExecutionException, TimeoutException {
        ElasticPool pool = WORKER.get();
        if (pool == null) {
            wait.run();
            return;
        }
        BlockedSend entry = giveUp == null || LENT.get() != null ? null : new BlockedSend(giveUp);
        if (entry != null) {
            pool.blockedSends.add(entry);
        }
        pool.blocked.incrementAndGet();
        try {
            if (pool.tasksWaiting()) {
                pool.scheduleGrowthCheck();
            }
            wait.run();
        } finally {
            pool.blocked.decrementAndGet();
            if (entry != null) {
                pool.blockedSends.remove(entry);
            }
        }
    }

    /** Threads (workers and lent host threads) waiting in {@link #block} now: blocking sends not yet complete. */
    int blockedNow() {
        return blocked.get();
    }

    /** Blocked sends given up so far to free a thread for a waiting task. */
    int preemptedSends() {
        return preempted.get();
    }

    /**
     * Runs {@code task} after every other waiting task (see the class comment): for a session whose peer has not yet
     * taken what it was sent.
     */
    void executeLagging(Runnable task) {
        if (isShutdown()) {
            throw new RejectedExecutionException("the pool is shut down");
        }
        lagging.add(task);
        if (((HandOffQueue) getQueue()).tryTransfer(WAKE)) {
            return; // an idle thread takes it next
        }
        // As an ordinary task would: a thread at once below the eager size, else one after the patience interval.
        if (running() < eagerThreads) {
            execute(START_THREAD);
        }
        scheduleGrowthCheck();
    }

    /** Lagging tasks join the ordinary queue, which the workers run to its end before they stop. */
    @Override
    public void shutdown() {
        for (Runnable task; (task = lagging.poll()) != null; ) {
            getQueue().add(task);
        }
        super.shutdown();
    }

    /** Whether a task waits for a thread, in either lane. */
    private boolean tasksWaiting() {
        return !getQueue().isEmpty() || !lagging.isEmpty();
    }

    /** Tasks waiting for a thread, in both lanes. */
    int waitingTasks() {
        return getQueue().size() + lagging.size();
    }

    /** Workers and lent host threads not waiting in {@link #block}: what {@code maxThreads} bounds. */
    private int running() {
        return getPoolSize() + lent.get() - blocked.get();
    }

    /**
     * Lets the calling host thread (a transport's reader, never a worker) run callbacks until {@link #endLend}, if
     * fewer than {@code maxThreads} threads run callbacks and fewer than {@code maxLent} host threads are lent now.
     * Meanwhile it counts as running, and its blocking sends wait in {@link #block} as a worker's do.
     *
     * @return whether it may; if so, {@link #endLend} must follow on the same thread
     */
    boolean tryLend(int maxLent) {
        if (WORKER.get() != null) {
            return false; // a worker, or lent already: the callbacks it would run wait for it anyway
        }
        int n;
        do {
            n = lent.get();
            if (n >= maxLent || running() >= maxRunning) {
                return false;
            }
        } while (!lent.compareAndSet(n, n + 1));
        WORKER.set(this);
        LENT.set(Boolean.TRUE);
        return true;
    }

    /** Whether the calling thread is a host's thread lent to run callbacks ({@link #tryLend}), now. */
    static boolean onLentHostThread() {
        return LENT.get() != null;
    }

    /** The host thread lent by {@link #tryLend} goes back to its host. */
    void endLend() {
        // Cleared, not removed: a reader lends itself once per read, and a removed entry is allocated again by the
        // next read's get (a null value holds nothing, so keeping the entry pins neither pool nor class loader).
        WORKER.set(null);
        LENT.set(null);
        lent.decrementAndGet();
        if (tasksWaiting()) {
            scheduleGrowthCheck(); // a task refused a thread while this one ran may start one now
        }
    }

    /** Whether one more thread may start: fewer than maxThreads run, and the hard bound is not reached. */
    private boolean mayGrow() {
        return running() < maxRunning && getPoolSize() < getMaximumPoolSize();
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
        if (isShutdown() || !tasksWaiting()) {
            return;
        }
        if (mayGrow()) {
            // One thread per task still waiting, as far as the bounds allow: one per check took 1,000 sessions'
            // first callbacks (and the canary's behind them) tens of seconds to reach, a timer hop each.
            int headroom = Math.min(maxRunning - running(), getMaximumPoolSize() - getPoolSize());
            int starts = Math.max(1, Math.min(waitingTasks(), headroom));
            for (int i = 0; i < starts; i++) {
                execute(START_THREAD);
            }
        } else if (running() < maxRunning) {
            // At the hard bound because of threads waiting for peers, not because of work: take one back.
            preemptOldestBlocked();
        }
        if (tasksWaiting()) {
            scheduleGrowthCheck();
        }
    }

    /**
     * Gives up the sends that have waited longest, one per task waiting for a thread, if they waited
     * {@link #PREEMPT_AFTER_NANOS} at least; the threads of sends given up earlier and still on their way back count
     * as freed already. On the timer thread, one check at a time.
     */
    private void preemptOldestBlocked() {
        long now = System.nanoTime();
        int wanted = waitingTasks();
        for (BlockedSend b : blockedSends) {
            if (wanted <= 0) {
                return;
            }
            if (b.givenUpNanos != 0) {
                if (now - b.givenUpNanos < PREEMPT_AFTER_NANOS) {
                    wanted--; // its thread is on its way back and takes a task
                }
                continue; // given up long ago but still not back: it must not hold the others
            }
            if (now - b.sinceNanos < PREEMPT_AFTER_NANOS) {
                return; // the oldest left is too young, so are the others
            }
            b.givenUpNanos = now | 1; // never 0
            preempted.incrementAndGet();
            wanted--;
            b.giveUp.giveUp(TimeUnit.NANOSECONDS.toMillis(now - b.sinceNanos));
        }
    }

    /**
     * Offers go to a waiting idle thread; else refuse (so the executor starts a thread) while the pool is below its
     * eager size; else queue and check back after the patience interval.
     */
    private static final class HandOffQueue extends IdleHandOffQueue<Runnable> {
        private ElasticPool pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true;
            }
            boolean mayGrow = pool.mayGrow();
            if (mayGrow && (task == START_THREAD || pool.running() < pool.eagerThreads)) {
                return false;
            }
            if (task == START_THREAD) {
                return true; // at the bound already: nothing to start, nothing to run
            }
            enqueue(task);
            // Also at the bound: if threads waiting for peers are what holds it, the check takes one back.
            pool.scheduleGrowthCheck();
            return true;
        }

        /**
         * A worker asks for its next task: every {@link #LAGGING_TURN}th time a lagging one first; otherwise an
         * ordinary one, else a lagging one, else (in {@code poll}/{@code take}) it waits for an offer (a lagging
         * task's {@link #WAKE} included).
         */
        @Override
        Runnable next() {
            Runnable next = null;
            if (pool.takes.incrementAndGet() % LAGGING_TURN == 0) {
                next = pool.lagging.poll();
            }
            if (next == null) {
                next = pollNow();
            }
            return next != null ? next : pool.lagging.poll();
        }

        /** Tasks refused by a full pool wait here; a thread takes them as soon as it is free. */
        void enqueueRefused(Runnable task) {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            if (task != START_THREAD) {
                enqueue(task);
                pool.scheduleGrowthCheck();
            }
        }
    }
}
