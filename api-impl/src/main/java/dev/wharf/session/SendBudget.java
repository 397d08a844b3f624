package dev.wharf.session;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The container-wide bound on bytes held for peers (issue #19): each session's send queue is bounded on its own
 * ({@code maxSendQueueBytes}), but that bound times every slow session can exceed the heap. Every send queue of a
 * container reserves its bytes here; when a frame takes the total past the budget, the sessions holding the most
 * unsent bytes are closed (their queues given up, which frees their bytes at once) until the total is back within
 * it. The server survives; the peers that do not read lose their sessions, with a close frame and a reason.
 *
 * <p>Thread-safe; one enforcement runs at a time, outside every queue's lock.
 */
final class SendBudget {

    private static final System.Logger LOG = System.getLogger(SendBudget.class.getName());

    /** One session as the budget sees it. */
    interface Holder {
        /** Bytes its queue holds and counts against the budget now. */
        long heldSendBytes();

        /** Gives up its queue (freeing the bytes) and closes it, with {@code reason} to the peer. */
        void evict(String reason);
    }

    private final AtomicLong held = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicBoolean enforcing = new AtomicBoolean();
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
        long max = limit.getAsLong();
        return max > 0 && total > max;
    }

    void release(long bytes) {
        if (bytes != 0) {
            held.addAndGet(-bytes);
        }
    }

    /** Bytes held for peers by all sessions of the container now. */
    long heldBytes() {
        return held.get();
    }

    /** Sessions closed so far because the container was over its budget. */
    long evictions() {
        return evictions.get();
    }

    /**
     * Closes the sessions holding the most bytes until the total is within the budget. If another thread is at it,
     * returns at once: that one sees this frame's bytes too (it re-checks the total before it ends).
     */
    void enforce() {
        while (enforcing.compareAndSet(false, true)) {
            try {
                evictLargest();
            } finally {
                enforcing.set(false);
            }
            long max = limit.getAsLong();
            if (max <= 0 || held.get() <= max) {
                return; // else bytes were added while evicting and their reserve() found enforcing busy: go again
            }
        }
    }

    private void evictLargest() {
        long max = limit.getAsLong();
        if (max <= 0 || held.get() <= max) {
            return;
        }
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
        int evicted = 0;
        for (Candidate c : candidates) {
            if (held.get() <= max) {
                break;
            }
            c.holder().evict("server send budget of " + max + " bytes exceeded: " + c.bytes()
                    + " bytes unsent to this peer");
            evicted++;
        }
        if (evicted > 0) {
            long total = evictions.addAndGet(evicted);
            LOG.log(Level.WARNING, "WebSocket send budget of {0} bytes exceeded: closed the {1} session(s) holding the"
                    + " most unsent bytes ({2} so far)", max, evicted, total);
        }
    }
}
