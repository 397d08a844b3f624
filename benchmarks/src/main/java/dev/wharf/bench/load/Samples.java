package dev.wharf.bench.load;

import java.util.Arrays;

/** Latency samples in nanoseconds; thread-safe, unbounded up to a cap (further samples are dropped). */
public final class Samples {

    private static final int CAP = 4_000_000;
    private long[] values = new long[1024];
    private int size;

    public synchronized void add(long nanos) {
        if (size == values.length) {
            if (size >= CAP) {
                return;
            }
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public synchronized void clear() {
        size = 0;
    }

    public synchronized int size() {
        return size;
    }

    /** Quantiles (0..1) in nanoseconds, by nearest rank; NaN when empty. */
    public synchronized double[] quantiles(double... qs) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = sorted.length == 0 ? Double.NaN
                    : sorted[Math.min(sorted.length - 1, (int) Math.ceil(qs[i] * sorted.length) - 1 < 0 ? 0
                            : (int) Math.ceil(qs[i] * sorted.length) - 1)];
        }
        return out;
    }
}
