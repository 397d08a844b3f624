package dev.wharf.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Handshakes of one container: accepted (101), refused by status, and how long accepted ones took inside Wharf
 * (from the upgrade filter seeing the request to the connection being handed to the session). Refusals are counted
 * per container, not per endpoint: a 404 has no endpoint.
 */
public final class HandshakeMeters {

    /** The statuses counted on their own (RFC 6455 §4.2.1-2 and Wharf's refusals); any other is counted as "other". */
    private static final int[] STATUSES = {400, 403, 404, 426, 500};

    private final boolean live;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder[] refused = new LongAdder[STATUSES.length + 1];
    private final LatencyMeter durations = new LatencyMeter();

    HandshakeMeters(boolean live) {
        this.live = live;
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    /** The statuses with a count of their own, in the order {@link #refused(int)} takes them. */
    public static int[] countedStatuses() {
        return STATUSES.clone();
    }

    /** A handshake answered with 101 after {@code nanos} in Wharf. */
    public void recordAccepted(long nanos) {
        if (live) {
            accepted.increment();
            durations.record(nanos);
        }
    }

    /** A handshake refused with {@code status}. */
    public void recordRefused(int status) {
        if (live) {
            refused[slot(status)].increment();
        }
    }

    private static int slot(int status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == status) {
                return i;
            }
        }
        return STATUSES.length;
    }

    public long accepted() {
        return accepted.sum();
    }

    /** Handshakes refused with {@code status}; for a status not in {@link #countedStatuses()}, all such others. */
    public long refused(int status) {
        return refused[slot(status)].sum();
    }

    /** Handshakes refused with a status not in {@link #countedStatuses()}. */
    public long refusedOther() {
        return refused[STATUSES.length].sum();
    }

    /** All refused handshakes. */
    public long refusedTotal() {
        long total = 0;
        for (LongAdder a : refused) {
            total += a.sum();
        }
        return total;
    }

    /** How long accepted handshakes spent in Wharf: count, total, longest, buckets. */
    public LatencyMeter durations() {
        return durations;
    }

    /** Time accepted handshakes spent in Wharf, summed, in nanoseconds (divide by {@link #accepted()} for a mean). */
    public long acceptNanosTotal() {
        return durations.totalNanos();
    }

    /** The longest an accepted handshake spent in Wharf, in nanoseconds. */
    public long acceptNanosMax() {
        return durations.maxNanos();
    }
}
