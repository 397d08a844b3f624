package dev.wharf.session;

import dev.wharf.metrics.ContainerMeters;
import java.lang.System.Logger.Level;
import jakarta.websocket.CloseReason;
import jakarta.websocket.WebSocketContainer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every session of one container shares: the pool that runs endpoint callbacks, one timer thread (the callback
 * pool's growth checks, and the deadlines of sessions whose host offers no timer of its own), the defaults, and the
 * set of open sessions (for shutdown). Threads are bounded and created on demand, so their number does not grow with
 * the number of connections.
 */
public final class SessionServices {

    private static final System.Logger LOG = System.getLogger(SessionServices.class.getName());

    /** Default upper bound of threads running endpoint callbacks at once. */
    public static final int DEFAULT_MAX_THREADS = 200;
    /** What shutdown waits at least for interrupted threads to end, within its caller's budget. */
    private static final long THREAD_END_WAIT_MS = 1_000;

    private static final int EAGER_THREADS = 2 * Runtime.getRuntime().availableProcessors();
    /**
     * Callback threads waiting in blocking sends for peers that do not read may be this many times
     * {@code maxThreads} on top of it: they run nothing, and each waits at most the blocking send timeout. Beyond
     * them the longest waits are given up (ElasticPool). Three times (600 threads by default) gave 1,000 peers that
     * stop reading ~1,000 threads in all on Jetty (Jetty's own: ~220) and left most of them open for the whole send
     * timeout; with one time, 620 threads and the pool gives the longest waits up sooner (docs/BENCHMARKS.md).
     */
    private static final int BLOCKED_THREADS_PER_THREAD = 1;
    private static final long GROWTH_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * A callback thread without work for this long ends. A burst of handshakes grows the pool (each {@code onOpen}
     * is a task on Tomcat's and Undertow's hosts: 15-16 threads for 2,000 connections opened 100 at a time on a
     * busy machine), and with 10 s those threads were still there 3 s into the idle that followed: 16 of Wharf on
     * Undertow's 57 threads against Undertow's own 39 (issue #20). Under steady traffic threads rarely wait 2 s; the
     * price is a thread start (~0.1 ms) for the first callback after two quiet seconds.
     */
    private static final long CALLBACK_KEEP_ALIVE_SECONDS = 2;
    /**
     * Host reading threads (Jetty's) running endpoint callbacks themselves at most at once; beyond, callbacks go to
     * the callback pool. A callback may block in a send to a peer that does not read, and the host's threads are what
     * every other connection and every handshake needs (issue #19): at most this many of them are ever lent out.
     */
    static final int MAX_READERS_IN_CALLBACKS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private final WebSocketContainer container;
    private final ContainerDefaults defaults;
    private final ElasticPool pool;
    private final boolean virtualCallbacks;
    /** {@link ElasticPool#executeLagging} as an executor, made once: every session's dispatcher keeps it. */
    private final Executor laggingLane;
    private final SendBudget sendBudget;
    private final ContainerMeters meters;
    private final InboundBudget inboundBudget;
    private final ScheduledThreadPoolExecutor timer;
    /** {@link #timer} for sessions' deadlines. */
    private final ContainerTimer deadlines;
    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final String idPrefix;
    /** Every thread started for this container and maybe still running, so shutdown can join them. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public SessionServices(WebSocketContainer container, ContainerDefaults defaults, String name, int maxThreads) {
        this.container = container;
        this.defaults = defaults;
        this.idPrefix = Integer.toHexString(System.identityHashCode(this)) + "-";
        this.sendBudget = new SendBudget(defaults::maxSendQueueBytesTotal,
                () -> () -> open.stream().map(WebSocketSession::budgetHolder).iterator());
        this.inboundBudget = new InboundBudget(defaults::maxInboundBytesTotal);
        this.timer = new ScheduledThreadPoolExecutor(1, threads(name + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        // Where every session's deadlines are on the host's timer, this thread serves only the callback pool's growth
        // checks in a burst: it must not outlive the burst longer than the threads it grew.
        this.timer.setKeepAliveTime(CALLBACK_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        this.timer.allowCoreThreadTimeOut(true);
        this.deadlines = new ContainerTimer(timer);
        CallbackThreads.Choice choice = defaults.callbackThreads().choose(Runtime.version().feature(),
                VirtualThreads.exist());
        this.virtualCallbacks = choice.virtual();
        LOG.log(Level.INFO, "{0}: endpoint callbacks run on {1} threads ({2})", name,
                virtualCallbacks ? "virtual" : "platform", choice.why());
        // Platform threads start when none is idle, at once up to two per core and beyond that only for tasks left
        // waiting a millisecond, up to the bound; they die after CALLBACK_KEEP_ALIVE_SECONDS without work: a burst
        // of handshakes must not leave its threads behind for long. A virtual thread costs a few hundred bytes and a microsecond to start,
        // so those start at once up to the bound. The bounds are the same either way: maxThreads running, as many
        // again waiting in blocking sends, and beyond that the longest waits are given up (ElasticPool). Virtual
        // threads change what a waiting callback costs (a parked continuation, no OS thread), not when a peer
        // that does not read is let go.
        this.pool = new ElasticPool(maxThreads, BLOCKED_THREADS_PER_THREAD * maxThreads,
                virtualCallbacks ? maxThreads : EAGER_THREADS, GROWTH_PATIENCE_NANOS, CALLBACK_KEEP_ALIVE_SECONDS,
                virtualCallbacks ? tracked(VirtualThreads.factory(name + "-callback-"))
                        : threads(name + "-callback"), timer);
        this.laggingLane = pool::executeLagging;
        this.meters = new ContainerMeters(defaults.metricsEnabled(), new MeterSources());
        meters.publishCounter(new ContainerMeters.Counter("sends.preempted", "sends",
                "blocking sends given up because every callback thread waited for a peer that does not read",
                pool::preemptedSends));
        meters.publishCounter(new ContainerMeters.Counter("inbound.budget.exceeded", "messages",
                "received messages counted while the container's inbound budget was exceeded (their sessions pause"
                        + " reading)", inboundBudget::exceeded));
    }

    /** This container's meters (docs/METRICS.md). */
    public ContainerMeters meters() {
        return meters;
    }

    /** What the container's gauges read, when they are read. */
    private final class MeterSources implements ContainerMeters.Sources {
        @Override
        public long sendBytesHeld() {
            return sendBudget.heldBytes();
        }

        @Override
        public long sendBytesHighWater() {
            return sendBudget.highWater();
        }

        @Override
        public long sendBudgetEvictions() {
            return sendBudget.evictions();
        }

        @Override
        public int sessionsHoldingOver(long bytes) {
            int n = 0;
            for (WebSocketSession s : open) {
                if (s.budgetHolder().heldSendBytes() > bytes) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public int callbackThreads() {
            return pool.getPoolSize();
        }

        @Override
        public int callbackThreadsBusy() {
            return pool.getActiveCount();
        }

        @Override
        public int callbackTasksQueued() {
            return pool.waitingTasks();
        }
    }

    public WebSocketContainer container() {
        return container;
    }

    public ContainerDefaults defaults() {
        return defaults;
    }

    SendBudget sendBudget() {
        return sendBudget;
    }

    InboundBudget inboundBudget() {
        return inboundBudget;
    }

    /** Received bytes waiting for the endpoints of all this container's sessions now. */
    public long inboundBytesWaiting() {
        return inboundBudget.waitingBytes();
    }

    /** Bytes held for the peers of all this container's sessions now: queued, batched and being written. */
    public long sendBytesHeld() {
        return sendBudget.heldBytes();
    }

    /** Sessions closed so far because the container held more than {@code maxSendQueueBytesTotal} for its peers. */
    public long sendBudgetEvictions() {
        return sendBudget.evictions();
    }

    /**
     * Blocking sends given up so far (their sessions closed with 1008) because every callback thread waited for a
     * peer that does not read while other sessions' callbacks waited for a thread.
     */
    public long preemptedSends() {
        return pool.preemptedSends();
    }

    /**
     * Blocking sends waiting for their peers now, on the callback threads (virtual ones included, which thread dumps
     * through {@code Thread.getAllStackTraces} do not show).
     */
    public int sendsWaiting() {
        return pool.blockedNow();
    }

    Executor pool() {
        return pool;
    }

    /** The pool's lane for the callbacks of sessions whose peers are behind (see ElasticPool). */
    Executor laggingPool() {
        return laggingLane;
    }

    /** The container's timer thread, for the deadlines of sessions whose transport has no timer of its host's. */
    DeadlineTimer timer() {
        return deadlines;
    }

    /**
     * Lends the calling host thread to run callbacks, as one of the callback pool's running threads and one of the
     * {@link #MAX_READERS_IN_CALLBACKS} slots; false if either is taken. {@link #exitReaderCallbacks} gives it back.
     */
    boolean enterReaderCallbacks() {
        return pool.tryLend(MAX_READERS_IN_CALLBACKS);
    }

    void exitReaderCallbacks() {
        pool.endLend();
    }

    String nextId() {
        return idPrefix + ids.incrementAndGet();
    }

    void opened(WebSocketSession session) {
        open.add(session);
    }

    void closed(WebSocketSession session) {
        open.remove(session);
    }

    /** Sessions currently open in this container. */
    public Set<WebSocketSession> openSessions() {
        return Set.copyOf(open);
    }

    /**
     * Closes every open session with 1001 (going away), waits up to {@code waitMs} for their close callbacks and
     * closing handshakes, then stops the threads and waits for them to end, so a servlet container that checks for
     * threads left behind by the application (Tomcat: "started a thread named [wharf-timer-1] but has failed to stop
     * it") finds none.
     */
    public void shutdown(String reason, long waitMs) {
        meters.unpublish();
        Set<WebSocketSession> closing = openSessions();
        for (WebSocketSession s : closing) {
            s.closeByContainer(CloseReason.CloseCodes.GOING_AWAY.getCode(), reason);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        // onClose runs as soon as our close frame is queued; the peer's reply, which ends the connection, comes later.
        // Waiting for it too means the host, which cuts every connection once we return, does not cut our close frame.
        for (WebSocketSession s : closing) {
            s.awaitClosed(remainingMs(deadline));
            s.awaitConnectionEnded(remainingMs(deadline));
        }
        pool.shutdown();
        timer.shutdownNow();
        try {
            pool.awaitTermination(remainingMs(deadline), TimeUnit.MILLISECONDS);
            pool.shutdownNow();
            // Interrupted threads end within moments; wait a little even when the budget is spent.
            long floorMs = Math.min(THREAD_END_WAIT_MS, Math.max(waitMs, 0));
            pool.awaitTermination(Math.max(remainingMs(deadline), floorMs), TimeUnit.MILLISECONDS);
            timer.awaitTermination(Math.max(remainingMs(deadline), floorMs), TimeUnit.MILLISECONDS);
            // A terminated executor's last worker may still be on its way out of run(): join it.
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.join(Math.max(1, Math.max(remainingMs(deadline), floorMs)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Daemon platform threads named {@code name-1}, {@code name-2}…, joined at shutdown. */
    private ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return tracked(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The factory's threads, remembered so that shutdown can join them. */
    private ThreadFactory tracked(ThreadFactory factory) {
        return r -> {
            Thread t = factory.newThread(r);
            threads.removeIf(old -> !old.isAlive()); // idle threads end after 2 s; keep the set small
            threads.add(t);
            return t;
        };
    }

    /** Whether endpoint callbacks run on virtual threads ({@link CallbackThreads}), as decided at start-up. */
    public boolean virtualCallbackThreads() {
        return virtualCallbacks;
    }
}
