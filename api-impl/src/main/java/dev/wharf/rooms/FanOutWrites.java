package dev.wharf.rooms;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The writes that follow room fan-outs, done by one fan-out at a time (flat combining). A fan-out queues its frame to
 * every member first, then hands the members it queued to over ({@link #write}); the fan-out that finds no other
 * writing becomes the <em>combiner</em> and writes its own members and every hand-over that arrives meanwhile, while
 * the fan-outs that arrive during its pass only queue and return. By the time the combiner reaches a handed-over
 * member, that member's queue holds the frames of every broadcast queued to it meanwhile: they go out in one gathering
 * write (one system call) instead of one each. Under load the frames per write grow by themselves; with no overlap, a
 * fan-out writes its own members at once, as before.
 *
 * <p>The combiner takes every hand-over waiting at once and visits each member once for all of them: a hand-over is
 * made only after its frames were queued, so the first write of a member after taking them carries all of them, and
 * a second visit would find nothing to write (or, had more frames been queued since, write them in a second system
 * call that a later pass would have spared). Members are matched by place: a member at the same index of an earlier
 * hand-over of the batch is skipped (the fan-outs of one room list its members in the same order); any other is
 * visited, which at worst writes nothing.
 *
 * <p>No frame is stranded: the combiner gives up the role only after finding nothing handed over, and looks again
 * after giving it up (a hand-over that arrived in between, whose fan-out saw the role taken, is written by whoever
 * takes the role next: this thread or the newcomer). No fan-out's thread is kept long: a combiner writes at most
 * {@link #MAX_HAND_OVERS} hand-overs, then hands the role on to a task on the container's pool (which a fan-out
 * arriving first may take over). Frames keep their order per member: they are queued in order under the member's
 * locks, and a write only takes what is queued. Thread-safe; one per {@link Rooms}.
 *
 * @param <M> a member (a session; tests use other values)
 */
final class FanOutWrites<M> {

    /**
     * Hand-overs (its own and others') one combiner writes before it hands the role on: with 200 members each, a
     * broadcaster's thread writes at most ~1,600 members before it returns to its own connection.
     */
    static final int MAX_HAND_OVERS = 8;

    /** The members a fan-out queued to, waiting for their write. */
    private record HandOver<M>(M[] members, int count) {
    }

    private final Consumer<M> write;
    private final Function<M, Executor> poolOf;
    private final ConcurrentLinkedQueue<HandOver<M>> handedOver = new ConcurrentLinkedQueue<>();
    /** Whether a combiner is writing (a fan-out's thread, or a pool task it handed the role to). */
    private final AtomicBoolean combining = new AtomicBoolean();
    /** The hand-overs a combiner took at once; used only by the thread holding {@link #combining}. */
    @SuppressWarnings("unchecked")
    private final HandOver<M>[] batch = new HandOver[MAX_HAND_OVERS];

    /**
     * @param write writes what was queued to a member (nothing when a write in progress takes it); must not block
     * @param poolOf the executor a combiner hands the role on to, found through a member (the container's pool)
     */
    FanOutWrites(Consumer<M> write, Function<M, Executor> poolOf) {
        this.write = write;
        this.poolOf = poolOf;
    }

    /**
     * A fan-out queued to {@code members[0 .. count)}: their writes happen now on this thread, or in the combiner at
     * work. Call it once per fan-out, also when queuing failed part way. The array is read later, and must not change.
     *
     * @throws RuntimeException the first failure of a member's write in this thread's pass (the others were written)
     */
    void write(M[] members, int count) {
        if (count > 0) {
            handedOver.add(new HandOver<>(members, count));
        }
        combine();
    }

    /** Whether a combiner is at work now (for tests). */
    boolean combining() {
        return combining.get();
    }

    private void combine() {
        RuntimeException failed = null;
        // The hand-over is in the queue before the role is tried: a combiner that leaves finds it when it looks again.
        while (!handedOver.isEmpty() && combining.compareAndSet(false, true)) {
            int taken = 0;
            try {
                while (taken < MAX_HAND_OVERS) {
                    int n = 0;
                    for (HandOver<M> next; taken + n < MAX_HAND_OVERS && (next = handedOver.poll()) != null; ) {
                        batch[n++] = next;
                    }
                    if (n == 0) {
                        break;
                    }
                    failed = writeBatch(n, failed);
                    taken += n;
                }
            } finally {
                Arrays.fill(batch, null); // no member kept reachable from here
                combining.set(false);
            }
            if (taken == MAX_HAND_OVERS && !handedOver.isEmpty() && handOn()) {
                break; // passed its bound with more waiting: a pool task (or the next fan-out) goes on
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** @return whether a pool task took the role on; false if the pool refused (stopping): this thread goes on */
    private boolean handOn() {
        HandOver<M> oldest = handedOver.peek();
        if (oldest == null) {
            return true; // another combiner took everything meanwhile
        }
        try {
            poolOf.apply(oldest.members()[0]).execute(this::combineOnPool);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void combineOnPool() {
        try {
            combine();
        } catch (RuntimeException e) { // no broadcaster to throw it to: the other members were written regardless
            System.getLogger(FanOutWrites.class.getName()).log(System.Logger.Level.WARNING,
                    "a room member's write failed in a pooled fan-out write", e);
        }
    }

    /** Writes the members of {@code batch[0 .. n)}, each once: one already visited at the same index is skipped. */
    private RuntimeException writeBatch(int n, RuntimeException failed) {
        for (int j = 0; j < n; j++) {
            HandOver<M> h = batch[j];
            for (int i = 0; i < h.count(); i++) {
                M member = h.members()[i];
                if (visited(member, i, j)) {
                    continue;
                }
                try {
                    write.accept(member);
                } catch (RuntimeException e) { // one member's transport failing must not strand the others' frames
                    if (failed == null) {
                        failed = e;
                    }
                }
            }
        }
        return failed;
    }

    /** Whether an earlier hand-over of the batch than {@code j} holds {@code member} at index {@code i}. */
    private boolean visited(M member, int i, int j) {
        for (int k = 0; k < j; k++) {
            HandOver<M> earlier = batch[k];
            if (i < earlier.count() && earlier.members()[i] == member) {
                return true;
            }
        }
        return false;
    }
}
