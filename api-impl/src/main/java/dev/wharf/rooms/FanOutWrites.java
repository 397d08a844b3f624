package dev.wharf.rooms;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The delivery of room broadcasts, done by one thread at a time (flat combining). A broadcast only takes a snapshot
 * of the room's members and hands {message, except, members} over ({@link #handOver}); the broadcast that finds no
 * other delivering becomes the <em>combiner</em> and delivers its own hand-over and every one that arrives meanwhile,
 * while the broadcasts that arrive during its pass return at once.
 *
 * <p>The combiner takes the waiting hand-overs together (a <em>batch</em>) and visits each member once for all of
 * them: it queues every message of the batch that is for that member, in hand-over order, and then writes the member
 * once. One thread touches a member's objects once per pass, and a write carries everything that arrived since the
 * member's last pass. Members are matched by place: the broadcasts to one room list its members in the same order,
 * so a member found at the same index in the next hand-overs of the batch gets their messages in the same visit; a run
 * ends at the first hand-over that lists another member there, and the member is visited again (later) for the rest,
 * which keeps the order.
 *
 * <p>A hand-over is delivered once, by whoever claims it first: the combiner, or the thread that made it, before that
 * thread's next send or close ({@link OwnHandOvers}): a broadcast never falls behind its maker's later sends.
 *
 * <p>No hand-over is stranded: the combiner gives up the role only after finding nothing handed over, and looks again
 * after giving it up (a hand-over that arrived in between, whose maker saw the role taken, is delivered by whoever
 * takes the role next: this thread or the newcomer). No broadcaster's thread is kept long: a combiner delivers at most
 * {@link #MAX_HAND_OVERS} hand-overs, then hands the role on to a task on the container's pool (which a broadcast
 * arriving first may take over). Thread-safe; one per {@link Rooms}.
 *
 * @param <M> a member (a session; tests use other values)
 * @param <T> a message
 */
final class FanOutWrites<M, T> {

    /** How the combiner reaches a member. */
    interface Members<M, T> {
        /** Queues {@code message} to {@code member} without writing it; must not block, handles a full queue. */
        void queue(M member, T message);

        /** Writes what was queued to {@code member} (nothing when a write in progress takes it); must not block. */
        void write(M member);

        /** The executor a combiner hands the role on to, found through a member (the container's pool). */
        Executor pool(M member);
    }

    /**
     * Hand-overs (its own and others') one combiner delivers before it hands the role on: with 200 members each, a
     * broadcaster's thread queues at most ~1,600 messages before it returns to its own connection.
     */
    static final int MAX_HAND_OVERS = 8;

    private final Members<M, T> members;
    private final ConcurrentLinkedQueue<HandOver<M, T>> handedOver = new ConcurrentLinkedQueue<>();
    /** Whether a combiner is at work (a broadcaster's thread, or a pool task it handed the role to). */
    private final AtomicBoolean combining = new AtomicBoolean();
    /** The hand-overs a combiner took at once; used only by the thread holding {@link #combining}. */
    @SuppressWarnings("unchecked")
    private final HandOver<M, T>[] batch = new HandOver[MAX_HAND_OVERS];

    FanOutWrites(Members<M, T> members) {
        this.members = members;
    }

    /**
     * Delivers {@code message} to {@code room[0 .. count)} but {@code except}: now on this thread, or in the combiner
     * at work, at the latest before this thread's next send ({@link OwnHandOvers#settle}). The array is read later,
     * and must not change.
     *
     * @throws RuntimeException the first failure of a member's write in this thread's pass (the others were written)
     */
    void handOver(T message, M except, M[] room, int count) {
        HandOver<M, T> h = null;
        if (count > 0) {
            h = new HandOver<>(this, message, except, room, count);
            handedOver.add(h);
        }
        try {
            combine();
        } finally {
            if (h != null && !h.done()) {
                OwnHandOvers.add(h); // in the combiner at work (or queued to it): settled before this thread's next send
            }
        }
    }

    /** Whether a combiner is at work now (for tests). */
    boolean combining() {
        return combining.get();
    }

    /** Delivers a hand-over its maker claimed back ({@link OwnHandOvers}): each member queued to and written. */
    void deliverAlone(HandOver<M, T> h) {
        try {
            for (int i = 0; i < h.count; i++) {
                M member = h.members[i];
                if (member == h.except) {
                    continue;
                }
                try {
                    members.queue(member, h.message);
                    members.write(member);
                } catch (RuntimeException e) {
                    logFailure(e);
                }
            }
        } finally {
            h.finish();
        }
    }

    private void combine() {
        RuntimeException failed = null;
        // The hand-over is in the queue before the role is tried: a combiner that leaves finds it when it looks again.
        while (!handedOver.isEmpty() && combining.compareAndSet(false, true)) {
            int taken = 0;
            try {
                while (taken < MAX_HAND_OVERS) {
                    int n = 0;
                    for (HandOver<M, T> next; taken + n < MAX_HAND_OVERS && (next = handedOver.poll()) != null; ) {
                        if (next.claimForCombiner()) {
                            batch[n++] = next;
                        } // else its maker delivers it
                    }
                    if (n == 0) {
                        break;
                    }
                    try {
                        failed = deliverBatch(n, failed);
                    } finally {
                        for (int j = 0; j < n; j++) {
                            batch[j].finish();
                        }
                    }
                    taken += n;
                }
            } finally {
                Arrays.fill(batch, null); // no member kept reachable from here
                combining.set(false);
            }
            if (taken == MAX_HAND_OVERS && !handedOver.isEmpty() && handOn()) {
                break; // passed its bound with more waiting: a pool task (or the next broadcast) goes on
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** @return whether a pool task took the role on; false if the pool refused (stopping): this thread goes on */
    private boolean handOn() {
        HandOver<M, T> oldest = handedOver.peek();
        M[] room = oldest == null ? null : oldest.members;
        if (room == null) {
            return true; // another combiner (or its maker) took it meanwhile
        }
        try {
            members.pool(room[0]).execute(this::combineOnPool);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void combineOnPool() {
        try {
            combine();
        } catch (RuntimeException e) { // no broadcaster to throw it to: the other members were written regardless
            logFailure(e);
        }
    }

    private static void logFailure(RuntimeException e) {
        System.getLogger(FanOutWrites.class.getName()).log(System.Logger.Level.WARNING,
                "a room member's write failed in a fan-out", e);
    }

    /**
     * Visits the members of {@code batch[0 .. n)}: each member once per run of hand-overs that list it at the same
     * index, queuing the run's messages in order, then writing it once.
     */
    private RuntimeException deliverBatch(int n, RuntimeException failed) {
        for (int j = 0; j < n; j++) {
            HandOver<M, T> h = batch[j];
            M[] room = h.members;
            HandOver<M, T> previous = j == 0 ? null : batch[j - 1];
            for (int i = 0; i < h.count; i++) {
                M member = room[i];
                if (previous != null && i < previous.count && previous.members[i] == member) {
                    continue; // delivered in the run that started at an earlier hand-over
                }
                int k = j;
                HandOver<M, T> next = h;
                do {
                    if (member != next.except) {
                        failed = queue(member, next.message, failed);
                    }
                } while (++k < n && i < (next = batch[k]).count && next.members[i] == member);
                try {
                    members.write(member);
                } catch (RuntimeException e) { // one member's transport failing must not strand the others' frames
                    if (failed == null) {
                        failed = e;
                    }
                }
            }
        }
        return failed;
    }

    private RuntimeException queue(M member, T message, RuntimeException failed) {
        try {
            members.queue(member, message);
        } catch (RuntimeException e) {
            if (failed == null) {
                failed = e;
            }
        }
        return failed;
    }
}
