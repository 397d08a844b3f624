package dev.wharf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LatencyMeter: count, total, max, cumulative buckets and percentiles as bucket upper bounds")
class LatencyMeterTest {

    private static final long MS = 1_000_000;

    @Test
    @DisplayName("empty: every figure is 0")
    void empty() {
        LatencyMeter m = new LatencyMeter();
        assertEquals(0, m.count());
        assertEquals(0, m.maxNanos());
        assertEquals(0.0, m.meanNanos());
        assertEquals(0, m.percentileNanos(0.99));
        assertEquals(0, m.countAtOrUnder(LatencyMeter.bucketBoundsNanos().length - 1));
    }

    @Test
    @DisplayName("durations land in the bucket whose bound is the first at or above them; a bound is inclusive")
    void buckets() {
        LatencyMeter m = new LatencyMeter();
        m.record(MS);            // exactly on the 1 ms bound
        m.record(MS + 1);        // just above: the 2.5 ms bucket
        m.record(30 * MS);       // 50 ms bucket
        m.record(20_000 * MS);   // above every bound
        m.record(-5);            // a clock going backwards counts as 0
        long[] bounds = LatencyMeter.bucketBoundsNanos();
        assertEquals(5, m.count());
        assertEquals(MS + MS + 1 + 30 * MS + 20_000 * MS, m.totalNanos());
        assertEquals(20_000 * MS, m.maxNanos());
        assertEquals(2, m.countAtOrUnder(index(bounds, MS)));  // 0 and 1 ms
        assertEquals(3, m.countAtOrUnder(index(bounds, 2_500_000)));
        assertEquals(3, m.countAtOrUnder(index(bounds, 25 * MS)));
        assertEquals(4, m.countAtOrUnder(bounds.length - 1));   // 10 s: all but the 20 s one
    }

    @Test
    @DisplayName("a percentile is the bound of its bucket, never above the longest seen; above every bound, the longest")
    void percentiles() {
        LatencyMeter m = new LatencyMeter();
        for (int i = 0; i < 98; i++) {
            m.record(200_000); // 0.2 ms: the 0.25 ms bucket
        }
        m.record(3 * MS);      // the 5 ms bucket
        m.record(40 * MS);     // the 50 ms bucket
        assertEquals(250_000, m.percentileNanos(0.5));
        assertEquals(250_000, m.percentileNanos(0.98));
        assertEquals(5 * MS, m.percentileNanos(0.99));
        assertEquals(40 * MS, m.percentileNanos(1.0)); // 50 ms bound, but nothing took longer than 40
        m.record(12_000 * MS);
        assertEquals(12_000 * MS, m.percentileNanos(1.0));
        Map<String, Double> p = LatencyView.percentilesMillis(m);
        assertEquals(Map.of("p50", 0.25, "p90", 0.25, "p99", 50.0), p);
        Map<String, Long> h = LatencyView.histogram(m);
        assertEquals(98L, h.get("<=0.25ms"));
        assertEquals(0L, h.get("<=0.05ms"));
        assertEquals(100L, h.get("<=10000ms"));
        assertEquals(101L, h.get("all"));
    }

    @Test
    @DisplayName("threads recording at once lose nothing")
    void concurrent() throws InterruptedException {
        LatencyMeter m = new LatencyMeter();
        int threads = 4;
        int each = 20_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long base = t;
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    m.record(base * MS + i);
                }
                done.countDown();
            }).start();
        }
        assertEquals(true, done.await(30, TimeUnit.SECONDS));
        assertEquals(threads * each, m.count());
        assertEquals(threads * each, m.countAtOrUnder(LatencyMeter.bucketBoundsNanos().length - 1));
        assertEquals(3 * MS + each - 1, m.maxNanos());
    }

    private static int index(long[] bounds, long bound) {
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] == bound) {
                return i;
            }
        }
        throw new AssertionError("no bound " + bound);
    }
}
