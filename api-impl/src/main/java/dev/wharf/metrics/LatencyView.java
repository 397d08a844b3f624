package dev.wharf.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link LatencyMeter} in JMX terms (milliseconds, maps keyed by label) and the labels Micrometer tags use. */
final class LatencyView {

    /** The percentiles JMX and Micrometer publish, and their labels. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final String[] LABELS = {"p50", "p90", "p99"};

    private LatencyView() {
    }

    static double meanMillis(LatencyMeter m) {
        return m.meanNanos() / 1e6;
    }

    static double maxMillis(LatencyMeter m) {
        return m.maxNanos() / 1e6;
    }

    /** {@code p50}, {@code p90}, {@code p99} → milliseconds (upper estimates, see {@link LatencyMeter}). */
    static Map<String, Double> percentilesMillis(LatencyMeter m) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < QUANTILES.length; i++) {
            p.put(LABELS[i], m.percentileNanos(QUANTILES[i]) / 1e6);
        }
        return p;
    }

    /** {@code <=0.05ms}, {@code <=0.1ms}, … → durations at or under that bound (cumulative), then {@code all}. */
    static Map<String, Long> histogram(LatencyMeter m) {
        Map<String, Long> h = new LinkedHashMap<>();
        long[] bounds = LatencyMeter.bucketBoundsNanos();
        for (int i = 0; i < bounds.length; i++) {
            h.put("<=" + decimal(bounds[i] / 1e6) + "ms", m.countAtOrUnder(i));
        }
        h.put("all", m.count());
        return h;
    }

    /** A number as short as it reads: 0.05, 1, 2.5. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
