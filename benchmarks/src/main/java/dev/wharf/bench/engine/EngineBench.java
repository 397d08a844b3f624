package dev.wharf.bench.engine;

import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Wharf's engine alone, no I/O. Every operation moves 1 MiB of payload (16,384 frames of 64 B, 256 of 4 KiB or one
 * of 1 MiB), so <b>operations per second ÷ 1024 = GiB/s</b>.
 *
 * <ul>
 *   <li>{@code parseUnmask}: a server engine receives masked binary frames (parse, unmask, deliver whole messages);
 *   <li>{@code maskWrite}: a client engine encodes binary frames (header, masking into a copy);
 *   <li>{@code utf8Text}: a server engine receives masked text frames of mixed 1-4 byte UTF-8 (validation and
 *       decoding included);
 *   <li>{@code asciiText}: the same with printable ASCII only (the common case: JSON, chat).
 * </ul>
 *
 * <pre>java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath/wharf.txt) org.openjdk.jmh.Main EngineBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBench {

    private static final int BATCH_BYTES = 1 << 20;

    @Param({"64", "4096", "1048576"})
    public int frameSize;

    private Engine server;
    private Engine client;
    private Counter counter;
    private ByteBuffer maskedBinary;
    private ByteBuffer maskedText;
    private ByteBuffer maskedAscii;
    private ByteBuffer[] payloads;

    /** Counts what the engine delivers; the benchmark consumes the count. */
    static final class Counter extends DataListener {
        long messages;
        long bytes;

        @Override
        public void onText(String text, boolean last) {
            messages++;
            bytes += text.length();
        }

        @Override
        public void onBinary(ByteBuffer data, boolean last) {
            messages++;
            bytes += data.remaining();
        }
    }

    @Setup
    public void setUp() {
        counter = new Counter();
        server = new Engine(EngineConfig.builder(Role.SERVER).maxFrameSize(-1).maxBinaryMessageSize(-1)
                .maxTextMessageSize(-1).build(), counter, frame -> { });
        client = new Engine(EngineConfig.builder(Role.CLIENT).build(), counter, frame -> { });
        int frames = BATCH_BYTES / frameSize;
        Random random = new Random(42);
        byte[] binary = new byte[frameSize];
        random.nextBytes(binary);
        byte[] text = utf8(frameSize, random);
        maskedBinary = ByteBuffer.allocate(frames * (frameSize + 14));
        maskedText = ByteBuffer.allocate(frames * (frameSize + 14));
        maskedAscii = ByteBuffer.allocate(frames * (frameSize + 14));
        byte[] ascii = ascii(frameSize, random);
        payloads = new ByteBuffer[frames];
        for (int i = 0; i < frames; i++) {
            frame(maskedBinary, 0x82, binary, random.nextInt());
            frame(maskedText, 0x81, text, random.nextInt());
            frame(maskedAscii, 0x81, ascii, random.nextInt());
            payloads[i] = ByteBuffer.wrap(binary);
        }
        maskedBinary.flip();
        maskedText.flip();
        maskedAscii.flip();
    }

    /** {@code size} bytes of printable ASCII, like JSON or chat text. */
    private static byte[] ascii(int size, Random random) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (' ' + random.nextInt(95));
        }
        return bytes;
    }

    /** Exactly {@code size} bytes of valid UTF-8 mixing 1, 2, 3 and 4 byte sequences. */
    private static byte[] utf8(int size, Random random) {
        String[] pieces = {"a", "é", "€", "😀"};
        StringBuilder s = new StringBuilder();
        int length = 0;
        while (true) {
            String piece = pieces[random.nextInt(4)];
            int n = piece.getBytes(StandardCharsets.UTF_8).length;
            if (length + n > size) {
                break;
            }
            s.append(piece);
            length += n;
        }
        s.append("a".repeat(size - length));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends one masked client frame (RFC 6455 §5.2). */
    private static void frame(ByteBuffer out, int firstByte, byte[] payload, int key) {
        out.put((byte) firstByte);
        int n = payload.length;
        if (n < 126) {
            out.put((byte) (0x80 | n));
        } else if (n <= 0xFFFF) {
            out.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            out.put((byte) (0x80 | 127)).putLong(n);
        }
        out.putInt(key);
        for (int i = 0; i < n; i++) {
            out.put((byte) (payload[i] ^ (key >>> (24 - 8 * (i & 3)))));
        }
    }

    @Benchmark
    public long parseUnmask() {
        server.receive(maskedBinary.duplicate());
        return counter.bytes;
    }

    @Benchmark
    public void maskWrite(Blackhole sink) {
        for (ByteBuffer payload : payloads) {
            sink.consume(client.encodeBinary(payload, true));
        }
    }

    @Benchmark
    public long asciiText() {
        server.receive(maskedAscii.duplicate());
        return counter.bytes;
    }

    @Benchmark
    public long utf8Text() {
        server.receive(maskedText.duplicate());
        return counter.bytes;
    }
}
