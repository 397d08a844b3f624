package dev.wharf.redis;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts broadcasts that did not reach the other servers and says so in the log, at most one line per interval
 * (an outage under heavy traffic would otherwise write a line per broadcast), each naming how many since the last.
 */
final class NotDeliveredLog {

    private static final System.Logger LOG = System.getLogger(NotDeliveredLog.class.getName());
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String where;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sinceLastLine = new AtomicLong();
    private final AtomicLong nextLineAt = new AtomicLong(System.nanoTime());

    NotDeliveredLog(String where) {
        this.where = where;
    }

    void record(String room, Throwable cause) {
        total.incrementAndGet();
        sinceLastLine.incrementAndGet();
        long now = System.nanoTime();
        long due = nextLineAt.get();
        if (now - due >= 0 && nextLineAt.compareAndSet(due, now + INTERVAL_NANOS)) {
            LOG.log(Level.WARNING, "{0} room broadcast(s) not delivered to other servers through Redis at {1} "
                    + "(last in room ''{2}''): {3}; local members received them",
                    sinceLastLine.getAndSet(0), where, room, cause == null ? "unreachable" : cause.toString());
        }
    }

    long total() {
        return total.get();
    }
}
