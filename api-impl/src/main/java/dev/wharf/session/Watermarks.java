package dev.wharf.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Received bytes waiting for the endpoint, counted so the reader pauses past {@link #HIGH_WATER} and resumes below
 * {@link #LOW_WATER}: a session whose endpoint is slower than its peer does not buffer without bound. The same bytes
 * count against the container's {@link InboundBudget}; while that is spent, the reader pauses as soon as anything of
 * this session waits.
 */
final class Watermarks {

    static final long HIGH_WATER = 4L * 1024 * 1024;
    static final long LOW_WATER = 1024 * 1024;

    // A plain volatile field updated through a handle: an AtomicLong would cost every session 16 bytes more.
    private static final VarHandle WAITING_BYTES;

    static {
        try {
            WAITING_BYTES = MethodHandles.lookup().findVarHandle(Watermarks.class, "waitingBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Transport transport;
    private final InboundBudget budget;
    /** Changed with {@link #WAITING_BYTES}. */
    private volatile long waitingBytes;
    private volatile boolean readingSuspended;

    Watermarks(Transport transport, InboundBudget budget) {
        this.transport = transport;
        this.budget = budget;
    }

    /**
     * Counts bytes now waiting for the endpoint; past the high-water mark the reader pauses, and so it does at once
     * while the container's inbound budget is spent.
     */
    void reserve(long size) {
        boolean containerOver = budget.reserve(size);
        if ((add(size) > HIGH_WATER || containerOver) && !readingSuspended) {
            readingSuspended = true;
            transport.suspendReading();
        }
    }

    /** The endpoint took them; below the low-water mark the reader resumes. */
    void release(long size) {
        budget.release(size);
        if (add(-size) < LOW_WATER && readingSuspended) {
            readingSuspended = false;
            transport.resumeReading();
        }
    }

    /** @return the bytes waiting after adding {@code delta} */
    private long add(long delta) {
        return (long) WAITING_BYTES.getAndAdd(this, delta) + delta;
    }
}
