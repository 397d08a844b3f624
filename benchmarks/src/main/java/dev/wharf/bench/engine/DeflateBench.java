package dev.wharf.bench.engine;

import dev.wharf.engine.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU per compressed message: one chat-like JSON message of 160-330 bytes per operation (the next of 2,000, as
 * {@link DeflateWindows} makes them), compressed as permessage-deflate sends it (sync flush, the tail removed).
 *
 * <ul>
 *   <li>{@code wharfTakeover}: our compressor, 12-bit window, memory level 4, context takeover (the defaults, a
 *       browser's connection): the codec borrowed from the pool per message, the history kept;
 *   <li>{@code wharfNoTakeover}: the same without takeover (every message on its own);
 *   <li>{@code zlibTakeover}, {@code zlibNoTakeover}: {@code java.util.zip.Deflater} at level 6 (15 bits, memory
 *       level 8), one per connection as most containers keep it, reset per message without takeover.
 * </ul>
 *
 * <pre>java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath/wharf.txt) org.openjdk.jmh.Main DeflateBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeflateBench {

    private List<byte[]> messages;
    private int next;
    private PerMessageDeflate wharfTakeover;
    private PerMessageDeflate wharfNoTakeover;
    private Deflater zlibTakeover;
    private Deflater zlibNoTakeover;
    private final byte[] out = new byte[4096];

    @Setup(Level.Trial)
    public void setUp() {
        messages = DeflateWindows.messages(1, 2000);
        wharfTakeover = new PerMessageDeflate(6, 4, 12, true, 15, false, 0);
        wharfNoTakeover = new PerMessageDeflate(6, 4, 12, false, 15, false, 0);
        zlibTakeover = new Deflater(6, true);
        zlibNoTakeover = new Deflater(6, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wharfTakeover.release();
        wharfNoTakeover.release();
        zlibTakeover.end();
        zlibNoTakeover.end();
    }

    private byte[] nextMessage() {
        byte[] m = messages.get(next);
        next = next + 1 == messages.size() ? 0 : next + 1;
        return m;
    }

    @Benchmark
    public int wharfTakeover() {
        return wharf(wharfTakeover);
    }

    @Benchmark
    public int wharfNoTakeover() {
        return wharf(wharfNoTakeover);
    }

    private int wharf(PerMessageDeflate deflate) {
        byte[] m = nextMessage();
        deflate.beginOutbound(true, ByteBuffer.wrap(m), true);
        return deflate.encode(ByteBuffer.wrap(m), true).remaining();
    }

    @Benchmark
    public int zlibTakeover() {
        return zlib(zlibTakeover);
    }

    @Benchmark
    public int zlibNoTakeover() {
        zlibNoTakeover.reset();
        return zlib(zlibNoTakeover);
    }

    private int zlib(Deflater deflater) {
        deflater.setInput(nextMessage());
        return deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH) - 4;
    }
}
