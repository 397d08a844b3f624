package dev.wharf.session;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The container-wide bound on bytes held for peers (issue #19): each session's send queue is bounded on its own
 * ({@code maxSendQueueBytes}), but that bound times every slow session can exceed the heap. Every send queue of a
 * container reserves its bytes here; when a frame takes the total past the budget, the sessions holding the most
 * unsent bytes are closed (their queues given up, which frees their bytes at once) until the total is back within
 * it. The server survives; the peers that do not read lose their sessions, with a close frame and a reason.
 *
 * <p>Thread-safe. A thread whose frame took the total over the budget enforces it before its send returns; one
 * enforcement runs at a time, and others wait for it, so the budget is passed at most by the frames being queued at
 * that instant. The queues are given up under the budget's lock (no application code runs there, and no other lock is
 * awaited but each queue's own, which no one holds while waiting for this one); the failed sends are completed and the
 * sessions closed after it is released, as those may run application code that sends again. Waiting is the point:
 * it holds back the callbacks that keep queuing for peers that do not read while the biggest holders are given up
 * (letting them return at once instead left 1.9 % of 1,000 async slow peers open and 173 MiB held at the end of
 * {@code slow-readers-async}, against none and 9 MiB, and the canary failed 3 times of 25 against 0 of 114).
 *
 * <p>Control frames never wait ({@link #enforceWithoutWaiting}): they are queued by the container itself, on the
 * host's reading thread (pong and close replies) or the timer (close on timeout), and those threads serve every other
 * connection: Undertow's I/O threads waited up to 1,840 ms for this lock behind hundreds of callback threads in a JFR
 * recording of {@code slow-readers-async}. Nor do a host's threads lent to run callbacks (Jetty's and Tomcat's
 * readers, a few at a time, and only for sessions whose peers keep up) when they send. Such a thread enforces only
 * if no one else is; otherwise it leaves a
 * request the running enforcement honours before it ends ({@link #again}), so the budget is not loosened: what it
 * reserved is looked at again once that enforcement's queues are given up.
 *
 * <p>One warning a second at most goes to the log, with the count of sessions closed so far: with one line per
 * enforcement, 1,000 async slow peers wrote 916 lines, and callback threads queued for the log's lock (394 s in all
 * in a JFR recording of {@code slow-readers-async} on Undertow).
 */
final class SendBudget {

    private static final System.Logger LOG = System.getLogger(SendBudget.class.getName());

    /** One session as the budget sees it. */
    interface Holder {
        /** Bytes its queue holds and counts against the budget now. */
        long heldSendBytes();

        /**
         * Gives up its queue, freeing the bytes at once; returns what remains to be done outside the budget's lock:
         * failing the unsent sends and closing the session, with {@code reason} to the peer.
         */
        Runnable evict(String reason);
    }

    /** Between a warning in the log and the next. */
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong held = new AtomicLong();
    /** Held by the one enforcement running. */
    private final ReentrantLock enforcing = new ReentrantLock();
    /**
     * Set by a thread that enforces without waiting, before it tries {@link #enforcing}; cleared by whoever takes the
     * lock. Found set after releasing the lock, it asks the releasing thread to look again for that thread.
     */
    private final AtomicBoolean again = new AtomicBoolean();
    /** When the last warning went to the log ({@code nanoTime}); a first warning is always written. */
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);
    private final AtomicLong evictions = new AtomicLong();
    /** The most bytes held at once, for the meters. */
    private final AtomicLong highWater = new AtomicLong();
    private final LongSupplier limit;
    private final Supplier<? extends Iterable<? extends Holder>> holders;

    /**
     * @param limit the budget in bytes, read at each check (so the container's setting may change); 0 or negative
     *     means no budget
     * @param holders the sessions that may hold bytes (the container's open sessions)
     */
    SendBudget(LongSupplier limit, Supplier<? extends Iterable<? extends Holder>> holders) {
        this.limit = limit;
        this.holders = holders;
    }

    /** Counts {@code bytes} more; returns true if the total is now over the budget (call {@link #enforce}). */
    boolean reserve(long bytes) {
        long total = held.addAndGet(bytes);
        if (total > highWater.get()) {
            highWater.accumulateAndGet(total, Math::max);
        }
        long max = limit.getAsLong();
        return max > 0 && total > max;
    }

    void release(long bytes) {
        if (bytes != 0) {
            held.addAndGet(-bytes);
        }
    }

    private boolean overBudget() {
        long max = limit.getAsLong();
        return max > 0 && held.get() > max;
    }

    /** Bytes held for peers by all sessions of the container now. */
    long heldBytes() {
        return held.get();
    }

    /** The most bytes held at once so far. */
    long highWater() {
        return highWater.get();
    }

    /** Sessions closed so far because the container was over its budget. */
    long evictions() {
        return evictions.get();
    }

    /**
     * Closes the sessions holding the most bytes until the total is within the budget (if it still is over), waiting
     * for an enforcement another thread is running.
     */
    void enforce() {
        enforce(true);
    }

    /**
     * As {@link #enforce}, but returns at once if another thread is enforcing: that one looks again, for this thread's
     * bytes too, before it ends. For threads that must not wait behind others (the host's, the timer).
     */
    void enforceWithoutWaiting() {
        enforce(false);
    }

    private void enforce(boolean wait) {
        if (!overBudget()) {
            return; // another thread's enforcement made room meanwhile: no need to wait for its lock
        }
        if (!wait) {
            // Set before trying the lock: a holder that took the lock after this reads the total after this thread's
            // reservation; one that took it before sees the request when it releases the lock, and goes round again.
            again.set(true);
        }
        do {
            if (wait) {
                enforcing.lock();
            } else if (!enforcing.tryLock()) {
                return; // the holder goes round again for us
            }
            List<Runnable> followUps = new ArrayList<>();
            long max;
            try {
                again.set(false);
                max = limit.getAsLong();
                if (max > 0 && held.get() > max) {
                    evictLargest(max, followUps);
                }
            } finally {
                enforcing.unlock();
            }
            for (Runnable r : followUps) {
                r.run();
            }
            if (!followUps.isEmpty()) {
                warn(max, followUps.size(), evictions.addAndGet(followUps.size()));
            }
            // (none closed: within the budget, or over only by bytes of sessions already given up, which go with
            // their connections)
        } while (again.get()); // a thread that did not wait asked meanwhile
    }

    /** The warning for an enforcement: at most one a second, the rest at DEBUG. */
    private void warn(long max, int closed, long total) {
        long last = lastWarning.get();
        long now = System.nanoTime();
        boolean due = now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now);
        LOG.log(due ? Level.WARNING : Level.DEBUG, "WebSocket send budget of {0} bytes exceeded: closed the {1}"
                + " session(s) holding the most unsent bytes ({2} so far; one such warning a second at most)",
                max, closed, total);
    }

    /** Gives up the largest holders' queues until the total is within {@code max}. Caller holds the lock. */
    private void evictLargest(long max, List<Runnable> followUps) {
        record Candidate(Holder holder, long bytes) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Holder h : holders.get()) {
            long bytes = h.heldSendBytes();
            if (bytes > 0) {
                candidates.add(new Candidate(h, bytes));
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::bytes).reversed());
        for (Candidate c : candidates) {
            if (held.get() <= max) {
                break;
            }
            followUps.add(c.holder().evict("server send budget of " + max + " bytes exceeded: " + c.bytes()
                    + " bytes unsent to this peer"));
        }
    }
}
