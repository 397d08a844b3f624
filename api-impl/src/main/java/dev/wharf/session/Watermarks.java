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
    /**
     * Whether reading should be paused: written only under this object's monitor, read without it on the hot path.
     * The transport is told of each change in the order the changes were made (see {@link #resume}).
     */
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
            suspend();
        }
    }

    /** The endpoint took them; below the low-water mark the reader resumes. */
    void release(long size) {
        budget.release(size);
        if (add(-size) < LOW_WATER && readingSuspended) {
            resume();
        }
    }

    /**
     * The session's start: lets the transport read (see {@link Transport#resumeReading}), yet keeps it paused if the
     * bytes that arrived before {@code onOpen} already wait past the marks.
     */
    void start() {
        transport.resumeReading();
        suspendAgainIfDecided();
    }

    /**
     * The pause is decided and told under the monitor, so no resume can be decided between the two: were the pause
     * told after the monitor (as it once was), the endpoint's thread could decide and tell a resume in between,
     * which the transport ignores as there is no pause yet, and then the late pause would stop the reader for good
     * with nothing left to resume it (issue #20: a streamed message stalled). Telling a pause only sets a flag.
     */
    private synchronized void suspend() {
        if (!readingSuspended) {
            readingSuspended = true;
            transport.suspendReading();
        }
    }

    /**
     * A resume is told outside the monitor, as a transport may read (and so reserve) on this thread inside
     * {@link Transport#resumeReading}. Meanwhile the reader may decide and tell a new pause, which this late resume
     * would undo: so a pause decided by now is told again.
     */
    private void resume() {
        synchronized (this) {
            if (!readingSuspended) {
                return; // another thread resumed first
            }
            readingSuspended = false;
        }
        transport.resumeReading();
        suspendAgainIfDecided();
    }

    private synchronized void suspendAgainIfDecided() {
        if (readingSuspended) {
            transport.suspendReading();
        }
    }

    /** Whether the marks have the reader paused now. */
    boolean readingSuspended() {
        return readingSuspended;
    }

    /** @return the bytes waiting after adding {@code delta} */
    private long add(long delta) {
        return (long) WAITING_BYTES.getAndAdd(this, delta) + delta;
    }
}
