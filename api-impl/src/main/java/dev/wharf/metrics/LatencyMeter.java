package dev.wharf.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution of durations: how many, their sum, the longest, and how many fell at or under each of a fixed set of
 * bounds (from 50 µs to 10 s, roughly three per decade), from which percentiles are estimated. Recording is a few
 * {@link LongAdder} adds and, only for a new longest, one compare-and-set: no lock, no allocation.
 *
 * <p>Fixed buckets rather than a sliding window: they add up across sessions, threads and scrapes exactly as
 * Prometheus histograms do, and cost the same whether one or a million durations were recorded. A percentile read
 * from them is the upper bound of the bucket that holds it (never above the longest seen): an answer "p99 ≤ 2.5 ms",
 * not an exact figure.
 */
public final class LatencyMeter {

    /** Upper bounds of the buckets, in nanoseconds; one more bucket counts everything above the last. */
    private static final long[] BOUNDS_NANOS = {
        50_000L, 100_000L, 250_000L, 500_000L,
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L,
        500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};

    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];

    LatencyMeter() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** The buckets' upper bounds in nanoseconds, in order (the last bucket, above them all, has none). */
    public static long[] bucketBoundsNanos() {
        return BOUNDS_NANOS.clone();
    }

    /** Records one duration; a negative one (a clock that went backwards) counts as zero. */
    public void record(long nanos) {
        long n = Math.max(0, nanos);
        count.increment();
        totalNanos.add(n);
        buckets[bucket(n)].increment();
        if (n > maxNanos.get()) {
            maxNanos.accumulateAndGet(n, Math::max);
        }
    }

    private static int bucket(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }

    public long count() {
        return count.sum();
    }

    public long totalNanos() {
        return totalNanos.sum();
    }

    /** The longest duration recorded since the meter was created; 0 before the first. */
    public long maxNanos() {
        return maxNanos.get();
    }

    /** The mean in nanoseconds; 0 before the first duration. */
    public double meanNanos() {
        long n = count();
        return n == 0 ? 0 : (double) totalNanos() / n;
    }

    /** Durations at or under {@code bucketBoundsNanos()[i]} (cumulative, as a Prometheus {@code le} bucket). */
    public long countAtOrUnder(int boundIndex) {
        long n = 0;
        for (int i = 0; i <= boundIndex; i++) {
            n += buckets[i].sum();
        }
        return n;
    }

    /**
     * An upper estimate of the {@code quantile} (0 to 1) in nanoseconds: the bound of the bucket that holds it, or the
     * longest duration seen when that is smaller (or when it lies above every bound). 0 before the first duration.
     */
    public long percentileNanos(double quantile) {
        long[] counts = new long[buckets.length];
        long total = 0;
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = buckets[i].sum();
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(Math.min(1, Math.max(0, quantile)) * total));
        long max = maxNanos();
        long seen = 0;
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(BOUNDS_NANOS[i], max);
            }
        }
        return max;
    }
}
