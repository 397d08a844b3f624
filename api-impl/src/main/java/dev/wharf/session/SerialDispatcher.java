package dev.wharf.session;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one session's endpoint callbacks one at a time, in submission order, on a shared pool ([WSC-5.1-2]: never
 * more than one thread per peer at a time), with the application's context class loader. No thread is owned: an
 * idle session costs a queue node and a flag.
 *
 * <p>Endpoint code runs here rather than on the container's I/O thread so that a blocking send from
 * {@code @OnMessage} can wait for the container's write callback without deadlocking it.
 */
final class SerialDispatcher implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialDispatcher.class.getName());
    /** Tasks run per turn before yielding the pool thread to other sessions. */
    private static final int TURN = 64;

    private final Executor pool;
    private final ClassLoader contextLoader;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialDispatcher(Executor pool, ClassLoader contextLoader) {
        this.pool = pool;
        this.contextLoader = contextLoader;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** Whether no callback is queued or running: work done now cannot overtake one. */
    boolean isIdle() {
        return !scheduled.get() && tasks.isEmpty();
    }


    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::runTurn);
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
        try {
            for (int i = 0; i < TURN; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.log(Level.ERROR, "WebSocket callback failed outside the endpoint's error handling", t);
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
            scheduled.set(false);
        }
        schedule();
    }
}
