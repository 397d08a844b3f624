package dev.wharf.session;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The two moments others wait for at the end of a session: {@code onClose} has run (and the session's resources are
 * released), and the connection has ended. Waited for by a stopping container and by {@code whenClosed} actions.
 *
 * <p>The latches are made by the first waiter: most sessions are never waited for, and two latches and a list in
 * every idle session would cost ~150 bytes each. A signal sets its flag and then reads {@link #waiters}; a waiter
 * sets {@link #waiters} and then reads the flags. All are volatile, so at least one of the two sees the other: no
 * signal is missed.
 */
final class EndSignals {

    // Under the session's name: the one logger users configure for what happens to a session.
    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(EndSignals.class, "waiters", Waiters.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Waiters {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch connectionEnded = new CountDownLatch(1);
        /** Run once after onClose, e.g. to forget the session in an index. Guarded by the Waiters. */
        final List<Runnable> closeActions = new ArrayList<>(1);
    }

    /** onClose has run and the session's resources are released. */
    private volatile boolean closed;
    /** The connection itself is closed or dropped. */
    private volatile boolean connectionEnded;
    /** Null until the first waiter comes; set with {@link #WAITERS}. */
    private volatile Waiters waiters;

    boolean isClosed() {
        return closed;
    }

    boolean isConnectionEnded() {
        return connectionEnded;
    }

    /** Runs {@code action} once onClose has run: at once, on the calling thread, if it already has. */
    void whenClosed(Runnable action) {
        Waiters w = waiters();
        synchronized (w) {
            if (!closed) {
                w.closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Whether {@link #whenClosed} actions wait for the end (rooms, attachments: some call a store or a broker). */
    boolean hasCloseActions() {
        Waiters w = waiters;
        if (w == null) {
            return false;
        }
        synchronized (w) {
            return !w.closeActions.isEmpty();
        }
    }

    boolean awaitClosed(long ms) {
        return closed || await(waiters().closed, ms);
    }

    boolean awaitConnectionEnded(long ms) {
        return connectionEnded || await(waiters().connectionEnded, ms);
    }

    private static boolean await(CountDownLatch latch, long ms) {
        try {
            return latch.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Waiters waiters() {
        Waiters w = waiters;
        if (w == null) {
            Waiters created = new Waiters();
            w = WAITERS.compareAndSet(this, null, created) ? created : waiters;
        }
        // A signal given before the waiters existed did not reach them: pass it on (a latch ignores a second count).
        if (closed) {
            w.closed.countDown();
        }
        if (connectionEnded) {
            w.connectionEnded.countDown();
        }
        return w;
    }

    /** onClose has run: wakes the waiters, then runs the close actions (whenClosed runs later ones itself). */
    void closed() {
        closed = true;
        Waiters w = waiters;
        if (w == null) {
            return;
        }
        w.closed.countDown();
        Runnable[] actions;
        synchronized (w) {
            actions = w.closeActions.toArray(new Runnable[0]);
            w.closeActions.clear();
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a session's close action failed", e);
            }
        }
    }

    void connectionEnded() {
        connectionEnded = true;
        Waiters w = waiters;
        if (w != null) {
            w.connectionEnded.countDown();
        }
    }
}
