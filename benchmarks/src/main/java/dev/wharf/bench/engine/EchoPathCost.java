package dev.wharf.bench.engine;

import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * The engine's share of one small echo, with no I/O: a server engine receives a masked 128-byte ASCII text frame
 * (parse, unmask, validate, the String) and encodes the same String as its reply frame. Prints this thread's CPU
 * and bytes allocated per message, least of several rounds: per-thread counters, which other processes' load
 * disturbs far less than wall-clock throughput.
 *
 * <pre>java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath/wharf.txt) \
 *     dev.wharf.bench.engine.EchoPathCost [rounds=8] [messages per round=2000000]</pre>
 */
public final class EchoPathCost {

    private static final int SIZE = 128;

    private EchoPathCost() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        Reply reply = new Reply();
        Engine server = new Engine(EngineConfig.builder(Role.SERVER).build(), reply, frame -> { });
        reply.engine = server;
        ByteBuffer frame = maskedAsciiFrame(new Random(42));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bestCpu = Long.MAX_VALUE;
        long bestAllocated = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < perRound; i++) {
                server.receive(frame.duplicate());
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long allocated = threads.getCurrentThreadAllocatedBytes() - alloc0;
            bestCpu = Math.min(bestCpu, cpu);
            bestAllocated = Math.min(bestAllocated, allocated);
            System.out.printf("round %d: %.1f ns CPU, %.1f B allocated per message%n", r + 1,
                    (double) cpu / perRound, (double) allocated / perRound);
        }
        System.out.printf("least: %.1f ns CPU, %.1f B allocated per message (replies %d B)%n",
                (double) bestCpu / perRound, (double) bestAllocated / perRound, reply.bytes);
    }

    /** Encodes every text it gets as the reply, as {@code @OnMessage String text(String)} returning it does. */
    private static final class Reply extends DataListener {
        Engine engine;
        long bytes;

        @Override
        public void onText(String text, boolean last) {
            for (ByteBuffer b : engine.encodeText(text, true)) {
                bytes += b.remaining();
            }
        }

        @Override
        public void onBinary(ByteBuffer data, boolean last) {}
    }

    private static ByteBuffer maskedAsciiFrame(Random random) {
        ByteBuffer out = ByteBuffer.allocate(SIZE + 8);
        int key = random.nextInt();
        out.put((byte) 0x81).put((byte) (0x80 | 126)).putShort((short) SIZE).putInt(key); // 128 > 125: 16-bit length
        for (int i = 0; i < SIZE; i++) {
            byte b = (byte) (' ' + random.nextInt(95));
            out.put((byte) (b ^ (key >>> (24 - 8 * (i & 3)))));
        }
        return out.flip();
    }
}
