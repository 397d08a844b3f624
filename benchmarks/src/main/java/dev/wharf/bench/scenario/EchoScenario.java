package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.load.PayloadSink;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Echo on {@code /echo}: {@code connections} connections keep {@code inFlight} messages of {@code size} bytes each
 * outstanding. A message carries its sequence number in 16 hexadecimal digits, then a filler fixed per connection
 * (ASCII letters for text, random bytes for binary); every echo must come back in order and byte for byte. A large
 * echo is checked as it is read ({@link EchoCheck}), never assembled: the load generator runs on the server's cores,
 * and copying 1 MiB out of its read buffer was a twelfth of its CPU. A small one is assembled and checked whole
 * ({@link #echoes}): per message that costs less than checking it piece by piece.
 *
 * <p>Small messages report messages/s, latency quantiles and server CPU per message; large ones MiB/s (echoed
 * payload, one direction), server CPU per MiB and, per MiB, the server's read and write calls, voluntary switches and
 * KiB allocated, and the load generator's CPU per MiB.
 */
public final class EchoScenario implements Scenario {

    public static final Metric MSG_RATE = Metric.higher("msg/s");
    public static final Metric P50 = Metric.lower("p50 µs");
    public static final Metric P99 = Metric.lower("p99 µs");
    public static final Metric P999 = Metric.lower("p99.9 µs");
    public static final Metric CPU_PER_MSG = Metric.lower("CPU µs/msg");
    /** The CPU column split: user (the JVM's own work) and system (the kernel's, for the server's system calls). */
    public static final Metric USER_PER_MSG = Metric.lower("user µs/msg");
    public static final Metric SYS_PER_MSG = Metric.lower("sys µs/msg");
    public static final Metric READS_PER_MSG = Metric.lower("reads/msg");
    public static final Metric WRITES_PER_MSG = Metric.lower("writes/msg");
    public static final Metric SWITCHES_PER_MSG = Metric.lower("switches/msg");
    public static final Metric BYTES_PER_MSG = Metric.lower("B alloc/msg");
    /** CPU of the load generator's JVM, % of one core: near 100, its one thread caps the rate and adds to the tail. */
    public static final Metric CLIENT_BUSY = Metric.lower("client busy %");
    public static final Metric MIB_RATE = Metric.higher("MiB/s");
    /** The load generator's CPU per MiB echoed (it masks what it sends and compares what comes back). */
    public static final Metric CLIENT_PER_MIB = Metric.lower("client ms/MiB");
    public static final Metric CPU_PER_MIB = Metric.lower("CPU ms/MiB");
    public static final Metric USER_PER_MIB = Metric.lower("user ms/MiB");
    public static final Metric SYS_PER_MIB = Metric.lower("sys ms/MiB");
    /** The load-robust figures of a large echo, per MiB echoed: system calls, wake-ups, KiB the server allocated. */
    public static final Metric READS_PER_MIB = Metric.lower("reads/MiB");
    public static final Metric WRITES_PER_MIB = Metric.lower("writes/MiB");
    public static final Metric SWITCHES_PER_MIB = Metric.lower("switches/MiB");
    public static final Metric KIB_PER_MIB = Metric.lower("KiB alloc/MiB");

    private final String name;
    private final int connections;
    private final int inFlight;
    private final int size;
    private final boolean text;

    public EchoScenario(String name, int connections, int inFlight, int size, boolean text) {
        if (size < 16) {
            throw new IllegalArgumentException("messages carry a 16-digit sequence number: size >= 16");
        }
        this.name = name;
        this.connections = connections;
        this.inFlight = inFlight;
        this.size = size;
        this.text = text;
    }

    public static EchoScenario small(int connections, int inFlight, int size) {
        return new EchoScenario("echo-small", connections, inFlight, size, true);
    }

    public static EchoScenario large(int connections, int size) {
        return new EchoScenario("echo-large", connections, 1, size, false);
    }

    private boolean large() {
        return size >= 64 * 1024;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        Run run = new Run();
        for (int i = 0; i < connections; i++) {
            client.connect("/echo", run);
        }
        if (!Scenario.await(() -> run.opened.get() == connections || run.errors.count() > 0, 30_000)) {
            run.errors.add("only " + run.opened.get() + " of " + connections + " connections opened");
        }
        Thread.sleep(timing.warmupMillis());

        long messages0 = run.received.sum();
        long[] cpu0 = server.cpuSplitNanos();
        long reads0 = server.readCalls();
        long writes0 = server.writeCalls();
        long switches0 = server.voluntarySwitches();
        long allocated0 = server.allocatedBytes()[0];
        long clientCpu0 = ClientCpu.nanos();
        long t0 = System.nanoTime();
        run.samples.clear();
        run.measuring = true;
        Thread.sleep(timing.measureMillis());
        run.measuring = false;
        long t1 = System.nanoTime();
        long clientCpu1 = ClientCpu.nanos();
        long[] cpu1 = server.cpuSplitNanos();
        long reads1 = server.readCalls();
        long writes1 = server.writeCalls();
        long switches1 = server.voluntarySwitches();
        long messages = run.received.sum() - messages0;
        long allocated1 = server.allocatedBytes()[0];

        run.running = false;
        // everything sent must still come back
        if (!Scenario.await(() -> run.outstanding.sum() == 0 || run.errors.count() > 0, 10_000)) {
            run.errors.add(run.outstanding.sum() + " messages never came back");
        }
        client.closeAll(5_000);

        double seconds = (t1 - t0) / 1e9;
        Map<Metric, Double> figures = new LinkedHashMap<>();
        if (large()) {
            double mib = (double) messages * size / (1 << 20);
            figures.put(MIB_RATE, mib / seconds);
            figures.put(CPU_PER_MIB, mib == 0 ? Double.NaN : (total(cpu1) - total(cpu0)) / 1e6 / mib);
            figures.put(USER_PER_MIB, mib == 0 ? Double.NaN : (cpu1[0] - cpu0[0]) / 1e6 / mib);
            figures.put(SYS_PER_MIB, mib == 0 ? Double.NaN : (cpu1[1] - cpu0[1]) / 1e6 / mib);
            figures.put(READS_PER_MIB, perMib(reads0, reads1, mib));
            figures.put(WRITES_PER_MIB, perMib(writes0, writes1, mib));
            figures.put(SWITCHES_PER_MIB, perMib(switches0, switches1, mib));
            figures.put(KIB_PER_MIB, perMib(allocated0, allocated1, mib) / 1024); // NaN stays NaN where unreadable
            figures.put(CLIENT_BUSY, clientCpu0 < 0 ? Double.NaN : 100.0 * (clientCpu1 - clientCpu0) / (t1 - t0));
            figures.put(CLIENT_PER_MIB, clientCpu0 < 0 || mib == 0 ? Double.NaN : (clientCpu1 - clientCpu0) / 1e6 / mib);
        } else {
            double[] q = run.samples.quantiles(0.5, 0.99, 0.999);
            figures.put(MSG_RATE, messages / seconds);
            figures.put(P50, q[0] / 1e3);
            figures.put(P99, q[1] / 1e3);
            figures.put(P999, q[2] / 1e3);
            figures.put(CPU_PER_MSG, messages == 0 ? Double.NaN : (total(cpu1) - total(cpu0)) / 1e3 / messages);
            figures.put(USER_PER_MSG, messages == 0 ? Double.NaN : (cpu1[0] - cpu0[0]) / 1e3 / messages);
            figures.put(SYS_PER_MSG, messages == 0 ? Double.NaN : (cpu1[1] - cpu0[1]) / 1e3 / messages);
            // load-robust figures: system calls, wake-ups and bytes allocated by the server per message
            figures.put(READS_PER_MSG, perMessage(reads0, reads1, messages));
            figures.put(WRITES_PER_MSG, perMessage(writes0, writes1, messages));
            figures.put(SWITCHES_PER_MSG, perMessage(switches0, switches1, messages));
            figures.put(BYTES_PER_MSG, perMessage(allocated0, allocated1, messages));
            figures.put(CLIENT_BUSY, clientCpu0 < 0 ? Double.NaN : 100.0 * (clientCpu1 - clientCpu0) / (t1 - t0));
        }
        return new Result(name, figures, run.received.sum(), run.errors.count(), run.errors.first());
    }

    /**
     * Whether {@code data[0, length)} is the message {@code seq} of {@code size} bytes sent from {@code sent}: its
     * sequence number, then every other byte compared (vectorized, not byte by byte: the load generator runs on the
     * cores the server uses).
     */
    static boolean echoes(byte[] sent, int size, long seq, byte[] data, int length) {
        return length == size && Scenario.getHex(data, 0) == seq && Arrays.equals(data, 16, size, sent, 16, size);
    }

    private static long total(long[] userAndSystem) {
        return userAndSystem[0] + userAndSystem[1];
    }

    /** A counter's growth per MiB echoed, or NaN where the counter could not be read. */
    private static double perMib(long before, long after, double mib) {
        return before < 0 || after < 0 || mib == 0 ? Double.NaN : (after - before) / mib;
    }

    /** A counter's growth per message, or NaN where the counter could not be read. */
    private static double perMessage(long before, long after, long messages) {
        return before < 0 || after < 0 || messages == 0 ? Double.NaN : (double) (after - before) / messages;
    }

    /** Per-connection state; for large messages, takes the connection's echoes as they are read. */
    private final class Echoer implements PayloadSink {
        final Run run;
        final byte[] payload = new byte[size];
        final long[] sentAt = new long[inFlight];
        final EchoCheck check = new EchoCheck(payload, size);
        long nextToSend;
        long nextExpected;
        boolean echoText;

        Echoer(Run run) {
            this.run = run;
        }

        @Override
        public void begin(boolean isText) {
            echoText = isText;
            check.begin(nextExpected);
        }

        @Override
        public void take(ByteBuffer in, int index, int n) {
            check.take(in, index, n);
        }

        @Override
        public void end(ClientConnection connection, int length) {
            run.echoed(connection, this, echoText == text && check.matches(), echoText, length);
        }
    }

    private final class Run implements ConnectionHandler {
        final AtomicInteger opened = new AtomicInteger();
        final LongAdder received = new LongAdder();
        final LongAdder outstanding = new LongAdder();
        final dev.wharf.bench.load.Samples samples = new dev.wharf.bench.load.Samples();
        final Errors errors = new Errors();
        volatile boolean running = true;
        volatile boolean measuring;
        private final AtomicInteger seeds = new AtomicInteger();

        @Override
        public void onOpen(ClientConnection connection) {
            Echoer echoer = new Echoer(this);
            int seed = seeds.incrementAndGet();
            java.util.Random random = new java.util.Random(seed);
            for (int i = 16; i < size; i++) {
                echoer.payload[i] = text ? (byte) ('a' + random.nextInt(26)) : (byte) random.nextInt();
            }
            connection.attachment = echoer;
            if (large()) {
                connection.streamPayloads(echoer);
            }
            opened.incrementAndGet();
            for (int i = 0; i < inFlight; i++) {
                send(connection, echoer);
            }
        }

        private void send(ClientConnection connection, Echoer echoer) {
            long seq = echoer.nextToSend++;
            Scenario.putHex(seq, echoer.payload, 0);
            echoer.sentAt[(int) (seq % inFlight)] = System.nanoTime();
            outstanding.increment();
            if (text) {
                connection.sendText(echoer.payload, size);
            } else {
                connection.sendBinary(echoer.payload, size);
            }
        }

        @Override
        public void onMessage(ClientConnection connection, boolean isText, byte[] data, int length) {
            Echoer echoer = (Echoer) connection.attachment;
            boolean same = isText == text && echoes(echoer.payload, size, echoer.nextExpected, data, length);
            echoed(connection, echoer, same, isText, length);
        }

        /** An echo came back whole; {@code same}: it was the message sent, byte for byte. */
        void echoed(ClientConnection connection, Echoer echoer, boolean same, boolean isText, int length) {
            long now = System.nanoTime();
            long seq = echoer.nextExpected++;
            outstanding.decrement();
            if (!same) {
                errors.add("echo " + seq + " differs (" + (isText ? "text" : "binary") + ", " + length
                        + " bytes)");
                connection.abort();
                return;
            }
            received.increment();
            if (measuring) {
                samples.add(now - echoer.sentAt[(int) (seq % inFlight)]);
            }
            if (running) {
                send(connection, echoer);
            }
        }

        @Override
        public void onError(ClientConnection connection, String problem) {
            errors.add(problem);
        }
    }
}
