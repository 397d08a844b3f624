package dev.wharf.rooms;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The writes that follow room fan-outs, shared among the fan-outs running at the same time. A fan-out queues its frame
 * to every member first ({@link #start}, then the queuing), then hands over the members it queued to
 * ({@link #finish}): while another fan-out is still queuing, it leaves their writes to that one, so a member's frames
 * from several broadcasts go out in one write (one system call) instead of one each.
 *
 * <p>No frame waits long: a fan-out that finishes writes everything handed over when no other is queuing, or when
 * the oldest hand-over came from a fan-out that started before it (so a hand-over waits at most for the rest of one
 * fan-out that overlapped it, even under a stream of overlapping broadcasts that never leaves the rooms idle).
 * Thread-safe; one per {@link Rooms}.
 *
 * @param <M> a member (a session; tests use other values)
 */
final class FanOutWrites<M> {

    /** Members a finished fan-out queued to, waiting for their write; {@code ticket} orders the fan-outs' starts. */
    private record HandOver<M>(long ticket, M[] members, int count) {
    }

    private final Consumer<M> write;
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicInteger queuing = new AtomicInteger();
    private final ConcurrentLinkedQueue<HandOver<M>> handedOver = new ConcurrentLinkedQueue<>();

    /** @param write writes what was queued to a member (nothing when a write in progress takes it) */
    FanOutWrites(Consumer<M> write) {
        this.write = write;
    }

    /** A fan-out starts queuing. @return its ticket, for {@link #finish} */
    long start() {
        queuing.incrementAndGet();
        return tickets.incrementAndGet();
    }

    /**
     * The fan-out of {@code ticket} queued to {@code members[0 .. count)}: their writes happen now, on this thread, or
     * in a fan-out still queuing. Call it exactly once per {@link #start}, also when queuing failed part way.
     */
    void finish(long ticket, M[] members, int count) {
        if (count > 0) {
            handedOver.add(new HandOver<>(ticket, members, count));
        }
        // The hand-over is in the queue before the count drops: whoever takes the count to zero, or finds an older
        // hand-over at the head, sees it.
        if (queuing.decrementAndGet() > 0) {
            HandOver<M> oldest = handedOver.peek();
            if (oldest == null || oldest.ticket() >= ticket) {
                return; // a fan-out still queuing writes them when it finishes
            }
        }
        writeHandedOver();
    }

    private void writeHandedOver() {
        RuntimeException failed = null;
        for (HandOver<M> h; (h = handedOver.poll()) != null; ) {
            for (int i = 0; i < h.count(); i++) {
                try {
                    write.accept(h.members()[i]);
                } catch (RuntimeException e) { // one member's transport failing must not strand the others' frames
                    if (failed == null) {
                        failed = e;
                    }
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
