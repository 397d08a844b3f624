package dev.wharf.rooms;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One broadcast handed to {@link FanOutWrites}: its message, the member it is not for, and the room's members as
 * they were when it was made. Delivered (queued to every member and written) exactly once, by whoever claims it first
 * with one CAS: the combiner, or the thread that made it, which settles its own hand-overs before its next send
 * ({@link OwnHandOvers}). Once delivered its references are dropped: a thread's list may keep the husk a while.
 */
final class HandOver<M, T> {

    static final int WAITING = 0;
    static final int COMBINER = 1;
    static final int OWNER = 2;
    static final int DONE = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HandOver.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final FanOutWrites<M, T> writes;
    final int count;
    // Plain fields: written before the hand-over is published (a concurrent queue, a thread's own list), cleared by
    // the deliverer before its volatile write of DONE.
    T message;
    M except;
    M[] members;
    private volatile int state;
    /** The combiner's thread that claimed it: its own send during the pass must not wait for itself. */
    private volatile Thread claimer;
    /** The maker waiting for the combiner to finish it, or null. */
    private volatile Thread waiter;

    HandOver(FanOutWrites<M, T> writes, T message, M except, M[] members, int count) {
        this.writes = writes;
        this.message = message;
        this.except = except;
        this.members = members;
        this.count = count;
    }

    /** Claims it for the combiner on this thread; false if its maker took it. */
    boolean claimForCombiner() {
        if (STATE.compareAndSet(this, WAITING, COMBINER)) {
            claimer = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** Claims it for its maker; false if the combiner took it (or it is done). */
    boolean claimForOwner() {
        return STATE.compareAndSet(this, WAITING, OWNER);
    }

    int state() {
        return state;
    }

    boolean done() {
        return state == DONE;
    }

    /** Whether the combiner claimed it and has not finished it, on another thread than this one. */
    boolean inOtherCombiner() {
        return state == COMBINER && claimer != Thread.currentThread();
    }

    /** Every member has it queued and written (or was closed): references dropped, a waiting maker woken. */
    void finish() {
        message = null;
        except = null;
        members = null;
        claimer = null;
        state = DONE;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Waits until the combiner finished it (one pass over at most {@link FanOutWrites#MAX_HAND_OVERS} hand-overs). */
    void awaitDone() {
        waiter = Thread.currentThread();
        boolean interrupted = false;
        while (state != DONE) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        waiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
