package dev.wharf.rooms;

import java.util.ArrayDeque;

/**
 * Each thread's hand-overs that were not delivered when its broadcast returned, so that its next send (or close)
 * cannot overtake them on a member: {@link #settle} runs before every outbound operation of a session
 * ({@code SessionPort.beforeSend}). A thread that never broadcast pays one thread-local read there.
 *
 * <p>Settling keeps the maker's order: it claims its waiting hand-overs newest first, then goes through them oldest
 * first, delivering those it claimed and waiting for those the combiner claimed. The combiner takes hand-overs in the
 * order they were made, so when it claimed one, it had claimed (or finished) every older one of the same thread: a
 * hand-over the maker delivers never passes an older one the combiner holds.
 */
final class OwnHandOvers {

    private static final ThreadLocal<ArrayDeque<HandOver<?, ?>>> MINE = new ThreadLocal<>();
    /** The one action installed with {@code SessionPort.beforeSend}. */
    static final Runnable SETTLE = OwnHandOvers::settle;

    private OwnHandOvers() {
    }

    /** {@code h} was handed over on this thread and is not done yet. */
    static void add(HandOver<?, ?> h) {
        ArrayDeque<HandOver<?, ?>> mine = MINE.get();
        if (mine == null) {
            mine = new ArrayDeque<>();
            MINE.set(mine);
        }
        HandOver<?, ?> oldest;
        while ((oldest = mine.peekFirst()) != null && oldest.done()) {
            mine.pollFirst();
        }
        mine.addLast(h);
    }

    /** Delivers (or waits for) every hand-over this thread made that is not done yet. */
    static void settle() {
        ArrayDeque<HandOver<?, ?>> mine = MINE.get();
        if (mine == null || mine.isEmpty()) {
            return;
        }
        // Taken out first: a send made while delivering (application code run by a close) finds nothing to settle.
        HandOver<?, ?>[] pending = mine.toArray(new HandOver<?, ?>[0]);
        mine.clear();
        for (int i = pending.length - 1; i >= 0; i--) {
            pending[i].claimForOwner();
        }
        for (HandOver<?, ?> h : pending) {
            settle(h);
        }
    }

    private static <M, T> void settle(HandOver<M, T> h) {
        switch (h.state()) {
            case HandOver.OWNER -> h.writes.deliverAlone(h);
            case HandOver.COMBINER -> {
                if (h.inOtherCombiner()) {
                    h.awaitDone();
                } // else: this thread is the combiner at work on it (a callback sent from inside its pass)
            }
            default -> { } // done
        }
    }
}
