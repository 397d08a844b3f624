package dev.wharf.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The deadlines of one session on its {@link DeadlineTimer} (the host's timer, or the container's timer thread): the
 * idle timeout, and the watch on a peer that stops taking our bytes. Nothing is scheduled per message: the idle check
 * re-arms itself from the last activity, and the stall watch runs only while frames wait.
 */
final class SessionTimers implements Runnable, Callable<Void> {

    /** Claims {@link #stallWatch}; a handle rather than an AtomicBoolean, which every session would carry. */
    private static final VarHandle STALL_WATCH;
    /** Writes {@link #lastActivityNanos} with release order only: see {@link #touch}. */
    private static final VarHandle LAST_ACTIVITY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STALL_WATCH = lookup.findVarHandle(SessionTimers.class, "stallWatch", boolean.class);
            LAST_ACTIVITY = lookup.findVarHandle(SessionTimers.class, "lastActivityNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the timers tell their session. */
    interface Expiry {
        /** Whether the session is still open (no idle check is armed otherwise). */
        boolean isOpen();

        /** No traffic for {@code timeoutMs}. */
        void idle(long timeoutMs);

        /** The peer took no data for {@code timeoutMs} while frames waited. */
        void sendStalled(long timeoutMs);
    }

    /** Every session's clock but where a test plays one: a caller's reading of it may stand in for the session's. */
    static final LongSupplier SYSTEM_CLOCK = System::nanoTime;

    private final DeadlineTimer timer;
    /** {@link System#nanoTime} but where a test plays the clock (the close policy's quiet period, say). */
    private final LongSupplier clock;
    private final SendQueue sendQueue;
    private final Expiry expiry;
    /** A send stall check is scheduled. */
    private volatile boolean stallWatch;
    private volatile long lastActivityNanos;
    private volatile long maxIdleTimeoutMs;
    private volatile long asyncSendTimeoutMs;
    /** The armed idle check's handle from {@link #timer}, or null. */
    private Object idleCheck;

    SessionTimers(DeadlineTimer timer, SendQueue sendQueue, Expiry expiry, ContainerDefaults defaults) {
        this(timer, SYSTEM_CLOCK, sendQueue, expiry, defaults);
    }

    SessionTimers(DeadlineTimer timer, LongSupplier clock, SendQueue sendQueue, Expiry expiry,
                  ContainerDefaults defaults) {
        this.timer = timer;
        this.clock = clock;
        this.lastActivityNanos = clock.getAsLong();
        this.sendQueue = sendQueue;
        this.expiry = expiry;
        this.maxIdleTimeoutMs = defaults.maxIdleTimeoutMs();
        this.asyncSendTimeoutMs = defaults.asyncSendTimeoutMs();
    }

    /**
     * Records traffic in either direction. A release store, not a volatile one: it runs once per member of every
     * fan-out, and a volatile store's fence there waits for the member's line to arrive from the other core. Only the
     * timer thread reads it (volatile), to decide an idle timeout in milliseconds: seeing it a little late can only
     * make an idle check re-arm once more, never expire a session that had traffic.
     */
    void touch() {
        LAST_ACTIVITY.setRelease(this, clock.getAsLong());
    }

    /**
     * {@link #touch()} with {@code systemNanos}, the caller's reading of {@link System#nanoTime}: a room fan-out reads
     * the clock once for many members, as a reading costs about 25 ns on a VM's clock (kvm-clock), a third of what
     * queuing to a member costs. A session on a test's clock reads that clock as usual.
     */
    void touch(long systemNanos) {
        LAST_ACTIVITY.setRelease(this, clock == SYSTEM_CLOCK ? systemNanos : clock.getAsLong());
    }

    /** Whether nothing moved for at least {@code ms}. */
    boolean quietFor(long ms) {
        return clock.getAsLong() - lastActivityNanos >= TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** Now, on the clock the deadlines use. */
    long nanoTime() {
        return clock.getAsLong();
    }

    long maxIdleTimeoutMs() {
        return maxIdleTimeoutMs;
    }

    /** Changes the idle timeout and re-arms the check; zero or negative disables it (spec 2.1). */
    void maxIdleTimeoutMs(long ms) {
        maxIdleTimeoutMs = ms;
        armIdleCheck();
    }

    long asyncSendTimeoutMs() {
        return asyncSendTimeoutMs;
    }

    void asyncSendTimeoutMs(long ms) {
        asyncSendTimeoutMs = ms;
    }

    synchronized void armIdleCheck() {
        cancel();
        long timeout = maxIdleTimeoutMs;
        if (timeout > 0 && expiry.isOpen()) {
            long idleMs = TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - lastActivityNanos);
            // This object is the idle check's task: a method reference (16 B), and on the container's timer the
            // executor's adapter from Runnable to Callable (24 B), would be held by every idle session's armed check.
            // Null if the timer is stopping: its shutdown closes every session.
            idleCheck = timer.schedule(this, Math.max(1, timeout - idleMs));
        }
    }

    /** Stops the idle check, for good once the session is closed. */
    synchronized void cancel() {
        if (idleCheck != null) {
            timer.cancel(idleCheck);
            idleCheck = null;
        }
    }

    /** The idle check, on the timer's thread. */
    @Override
    public void run() {
        checkIdle();
    }

    /** The idle check, as the container's timer thread runs it ({@link ContainerTimer}). */
    @Override
    public Void call() {
        checkIdle();
        return null;
    }

    private void checkIdle() {
        long timeout = maxIdleTimeoutMs;
        long idleMs = TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - lastActivityNanos);
        if (timeout > 0 && idleMs >= timeout) {
            expiry.idle(timeout);
        } else {
            armIdleCheck();
        }
    }

    /**
     * Starts watching for a peer that stops taking our bytes, if a write is outstanding and no watch runs yet. Called
     * after every send's write (once per member of a room fan-out): it reads one volatile field, no lock. A write that
     * completed at once needs no watch.
     */
    void watchSendStall() {
        long timeout = asyncSendTimeoutMs;
        if (timeout > 0 && sendQueue.writePending() && STALL_WATCH.compareAndSet(this, false, true)) {
            schedule(this::checkSendStall, timeout);
        }
    }

    /** The watch goes on while anything is queued or being written (a loop between two writes included). */
    private void rewatchSendStall() {
        long timeout = asyncSendTimeoutMs;
        if (timeout > 0 && !sendQueue.isIdle() && STALL_WATCH.compareAndSet(this, false, true)) {
            schedule(this::checkSendStall, timeout);
        }
    }

    private void checkSendStall() {
        stallWatch = false;
        long timeout = asyncSendTimeoutMs;
        if (timeout > 0 && TimeUnit.NANOSECONDS.toMillis(sendQueue.stalledNanos()) >= timeout) {
            expiry.sendStalled(timeout);
        } else {
            rewatchSendStall();
        }
    }

    /**
     * Runs {@code task} once after {@code delayMs}; returns null if the timer is stopping (the shutdown of its host or
     * container closes every session).
     */
    Object schedule(Runnable task, long delayMs) {
        return timer.schedule(task, delayMs);
    }

    /** The timer this session's deadlines run on: its host's, or the container's timer thread. */
    DeadlineTimer timer() {
        return timer;
    }
}
