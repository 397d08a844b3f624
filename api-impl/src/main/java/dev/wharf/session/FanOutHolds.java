package dev.wharf.session;

/**
 * One fan-out's holds on its message's plain frame ({@link SharedFrame}), taken in one add for every member it is
 * about to queue to instead of one add per member. The first member queued takes them all; each later member of the
 * same budget uses one up without touching the frame's count. Holds left when the fan-out ends (members that were
 * closed, over their limit, or framed the message themselves) are given back together by {@link #close()}; every
 * hold used is given back by its queue entry as before, once, when the member's write or drop releases it.
 *
 * <p>Confined to the fan-out's thread (the one calling {@link SessionPort#queueShared}); not thread-safe. Not user
 * API: made by {@code dev.wharf.rooms} through {@link SharedMessage#holdsFor}.
 */
public final class FanOutHolds implements AutoCloseable {

    private final SharedFrame frame;
    /** Holds to take at the first member: the members the fan-out expects to queue to. */
    private final int expected;
    /** The budget the holds were taken in; null until the first member (or for good when that failed). */
    private SendBudget budget;
    private boolean taken;
    /** Holds taken and not used yet. */
    private int left;

    FanOutHolds(SharedFrame frame, int expected) {
        this.frame = frame;
        this.expected = expected;
    }

    /**
     * One queue of {@code queueBudget} holds {@code shared}: from the holds taken for the fan-out when it is their
     * frame and budget and some are left, else as {@link SharedFrame#hold}. Returns as {@link SharedFrame#hold}.
     */
    long hold(SharedFrame shared, SendBudget queueBudget) {
        if (shared != frame) {
            return shared.hold(queueBudget); // another encoding's frame (deflate): few members, held one by one
        }
        if (left > 0 && queueBudget == budget) {
            left--;
            return 0; // the budget was reserved when they were taken, if at all
        }
        if (!taken && expected > 1) {
            taken = true;
            long reserve = frame.hold(queueBudget, expected);
            if (reserve >= 0) {
                budget = queueBudget;
                left = expected - 1;
            }
            return reserve;
        }
        return frame.hold(queueBudget); // more members than expected (joined meanwhile), or another budget
    }

    /** Holds taken and not used yet (tests). */
    int left() {
        return left;
    }

    /** Gives back the holds no member used, in one add: the last holder's release frees the frame's bytes. */
    @Override
    public void close() {
        if (left > 0) {
            int unused = left;
            left = 0;
            frame.release(unused);
        }
    }
}
