package dev.wharf.session;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The container-wide bound on received bytes waiting for endpoints (issue #19). Each session pauses its reader once
 * its own waiting bytes pass a high-water mark, but that mark times every session whose endpoint is stuck (blocked
 * in a send to a peer that does not read, say) can exceed the heap: 300 such peers sending 64 KiB messages held
 * 950 MB of queued messages and took a 1 GiB server down. While the container's total is over this budget, a
 * session reads on only while nothing of its own waits: every reader pauses as soon as one message waits for its
 * endpoint, and resumes once the endpoint took it. Nothing is closed; the peers meet TCP's flow control, as they
 * would on a container that reads one message at a time.
 *
 * <p>Thread-safe; a counter, not a lock: readers reserve, dispatcher threads release.
 */
final class InboundBudget {

    private final AtomicLong waiting = new AtomicLong();
    /** Reservations that found the container over its budget (published as {@code inbound.budget.exceeded}). */
    private final LongAdder exceeded = new LongAdder();
    private final LongSupplier limit;

    /** @param limit the budget in bytes, read at each check; 0 or negative means no budget */
    InboundBudget(LongSupplier limit) {
        this.limit = limit;
    }

    /** Counts {@code bytes} more; returns true if the container's total is now over the budget. */
    boolean reserve(long bytes) {
        long total = waiting.addAndGet(bytes);
        long max = limit.getAsLong();
        boolean over = max > 0 && total > max;
        if (over) {
            exceeded.increment();
        }
        return over;
    }

    void release(long bytes) {
        waiting.addAndGet(-bytes);
    }

    /** Received messages (or parts of streamed ones) counted while the container was over its budget. */
    long exceeded() {
        return exceeded.sum();
    }

    /** Received bytes waiting for the endpoints of all sessions of the container now. */
    long waitingBytes() {
        return waiting.get();
    }
}
