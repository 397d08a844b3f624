package dev.wharf.session;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Runs one session's endpoint callbacks one at a time, in submission order, on a shared pool ([WSC-5.1-2]: never
 * more than one thread per peer at a time), with the application's context class loader. No thread is owned: an
 * idle session costs a queue node and a flag.
 *
 * <p>Endpoint code runs here rather than on the container's I/O thread so that a blocking send from
 * {@code @OnMessage} can wait for the container's write callback without deadlocking it.
 *
 * <p>Where the reading thread may block (its transport completes writes on other threads), the reader holds the
 * callbacks of one read back ({@link #holdFor}) and then runs them itself ({@link #runHeld}): no hand-off to the
 * pool, no thread wake-up per message, and the reader reads again only once the endpoint caught up.
 */
final class SerialDispatcher implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialDispatcher.class.getName());
    /** Tasks run per turn before yielding the pool thread to other sessions. */
    private static final int TURN = 64;
    /** Claims {@link #scheduled}; a handle rather than an AtomicBoolean, which every session would carry. */
    private static final VarHandle SCHEDULED;

    static {
        try {
            SCHEDULED = MethodHandles.lookup().findVarHandle(SerialDispatcher.class, "scheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Executor pool;
    private final Executor laggingPool;
    private final BooleanSupplier lagging;
    private final ClassLoader contextLoader;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** A turn is queued on the pool or running. */
    private volatile boolean scheduled;
    /** The reader while it holds callbacks back to run them itself; null otherwise. */
    private volatile Thread holder;
    /** The thread running a turn, while it does; only that thread reads it as itself. */
    private Thread turnThread;
    /** What the running turn must do before it ends ({@link #beforeTurnEnds}); touched by the turn's thread only. */
    private Runnable turnEnd;

    SerialDispatcher(Executor pool, ClassLoader contextLoader) {
        this(pool, pool, () -> false, contextLoader);
    }

    /**
     * @param laggingPool where turns go while {@code lagging} says the peer is behind (issue #19: behind the turns
     *     of sessions whose peers keep up, see {@link ElasticPool#executeLagging})
     */
    SerialDispatcher(Executor pool, Executor laggingPool, BooleanSupplier lagging, ClassLoader contextLoader) {
        this.pool = pool;
        this.laggingPool = laggingPool;
        this.lagging = lagging;
        this.contextLoader = contextLoader;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (holder != Thread.currentThread()) {
            schedule();
        }
    }

    /**
     * Queues a callback that must not run on the reading thread, because it waits for input that thread has yet to
     * read (a streamed message's handler): it and everything queued before it go to the pool now.
     */
    void executeOffReader(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** From now until {@link #runHeld}, callbacks queued by {@code reader} wait for it instead of going to the pool. */
    void holdFor(Thread reader) {
        holder = reader;
    }

    /**
     * Runs the held callbacks on the calling reader, unless a pool turn already runs (then that turn takes them). A
     * turn that reaches its limit passes the rest to the pool, as any turn does.
     */
    void runHeld() {
        holder = null;
        if (!tasks.isEmpty() && SCHEDULED.compareAndSet(this, false, true)) {
            runTurn();
        }
    }

    /**
     * Whether the calling thread runs this dispatcher's turn and another callback is queued behind the running one,
     * so the turn will run it before it ends: work the running callback leaves for {@link #beforeTurnEnds} is done
     * after that one.
     */
    boolean moreInThisTurn() {
        return turnThread == Thread.currentThread() && !tasks.isEmpty();
    }

    /**
     * Runs {@code action} once the running turn has run its last callback, on the turn's thread, before it lets
     * another thread take the session's callbacks. Only from within a callback ({@link #moreInThisTurn}); one action
     * per turn (a second call for the same turn replaces nothing: the first is kept).
     */
    void beforeTurnEnds(Runnable action) {
        if (turnThread != Thread.currentThread()) {
            throw new IllegalStateException("not within this session's callbacks");
        }
        if (turnEnd == null) {
            turnEnd = action;
        }
    }

    /**
     * Runs {@code task} on the calling thread as a turn of its own, if no callback is queued or running: for work that
     * runs no application code and need not wait for a pool thread (a session's open when the endpoint has no
     * {@code onOpen} of its own). Callbacks it queues are not run here: they go to the pool once it returned.
     *
     * @return false, having run nothing, if a callback was queued or running
     */
    boolean runAloneIfIdle(Runnable task) {
        if (!tasks.isEmpty() || !SCHEDULED.compareAndSet(this, false, true)) {
            return false;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(contextLoader);
        try {
            run(task);
        } finally {
            thread.setContextClassLoader(previous);
            scheduled = false;
        }
        schedule();
        return true;
    }

    /** Whether no callback is queued or running: work done now cannot overtake one. */
    boolean isIdle() {
        return !scheduled && tasks.isEmpty();
    }


    private void schedule() {
        if (!tasks.isEmpty() && SCHEDULED.compareAndSet(this, false, true)) {
            try {
                (lagging.getAsBoolean() ? laggingPool : pool).execute(this::runTurn);
            } catch (RejectedExecutionException e) {
                // The pool is shutting down: run here so close callbacks still happen exactly once.
                runTurn();
            }
        }
    }

    private void runTurn() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(contextLoader);
        turnThread = thread;
        try {
            for (int i = 0; i < TURN; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                run(task);
            }
            Runnable end = turnEnd;
            if (end != null) {
                turnEnd = null;
                run(end);
            }
        } finally {
            turnThread = null;
            turnEnd = null;
            thread.setContextClassLoader(previous);
            scheduled = false;
        }
        schedule();
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "WebSocket callback failed outside the endpoint's error handling", t);
        }
    }
}
