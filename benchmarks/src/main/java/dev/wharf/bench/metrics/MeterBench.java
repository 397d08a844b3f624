package dev.wharf.bench.metrics;

import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.EndpointMeters;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Wharf's meters cost per small echo: the calls a session makes for one echoed text message (bytes read,
 * a text message received, a text message sent, the frame's bytes sent; and, in {@code echoTimedLive}, the two clock
 * reads and the distribution that time the handler), on live meters and on the no-op meters of
 * {@code dev.wharf.metrics=false}; with one thread, and with four threads recording into the same endpoint's meters
 * (sessions of one endpoint on different threads: {@code LongAdder} spreads them over cells).
 *
 * <pre>java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath/wharf.txt) org.openjdk.jmh.Main MeterBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MeterBench {

    private EndpointMeters live;
    private EndpointMeters off;

    @Setup
    public void setUp() {
        ContainerMeters container = new ContainerMeters(true, ContainerMeters.Sources.IDLE);
        live = container.endpoint("/echo");
        off = EndpointMeters.OFF;
    }

    private static void echo(EndpointMeters m) {
        m.recordBytesReceived(134); // 128 B text, masked: 2 + 4 + 128
        m.recordTextReceived();
        m.recordMessageSent(true);
        m.recordBytesSent(130);
    }

    @Benchmark
    public void echoLive() {
        echo(live);
    }

    /**
     * The echo's four counters and the handler's timing on every message (what {@code EndpointDelivery} would cost
     * without its sampling; it times one message in {@link EndpointMeters#HANDLING_SAMPLE}).
     */
    private static void timedEcho(EndpointMeters m) {
        boolean timed = m.recording();
        long started = timed ? System.nanoTime() : 0;
        echo(m);
        if (timed) {
            m.recordHandling(System.nanoTime() - started);
        }
    }

    private int untilTimed;

    /** As {@code EndpointDelivery} does it: the clock read for one message in {@link EndpointMeters#HANDLING_SAMPLE}. */
    @Benchmark
    public void echoSampledLive() {
        boolean timed = false;
        if (--untilTimed < 0 && live.recording()) {
            untilTimed = EndpointMeters.HANDLING_SAMPLE - 1;
            timed = true;
        }
        long started = timed ? System.nanoTime() : 0;
        echo(live);
        if (timed) {
            live.recordHandling(System.nanoTime() - started);
        }
    }

    @Benchmark
    public void echoTimedLive() {
        timedEcho(live);
    }

    @Benchmark
    public void echoTimedOff() {
        timedEcho(off);
    }

    /** The clock alone, for scale: what two reads of System.nanoTime cost on this machine. */
    @Benchmark
    public long twoClockReads() {
        return System.nanoTime() - System.nanoTime();
    }

    @Benchmark
    public void echoOff() {
        echo(off);
    }

    @Benchmark
    @Threads(4)
    public void echoLiveFourThreads() {
        echo(live);
    }

    @Benchmark
    @Threads(4)
    public void echoTimedLiveFourThreads() {
        timedEcho(live);
    }
}
