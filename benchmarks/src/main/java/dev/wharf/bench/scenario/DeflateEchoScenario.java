package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.LoadClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Echo of JSON-like text on {@code /echo} with permessage-deflate offered ({@code client_no_context_takeover;
 * server_no_context_takeover}): {@code connections} connections keep {@code inFlight} messages outstanding. Each
 * connection cycles through {@link #VARIANTS} documents of about {@code size} bytes (an array of records with the
 * same keys, values drawn from small vocabularies by a seeded {@link Random}), each starting with
 * {@code {"seq":"<16 hex digits>"}; every echo must come back in order and, once inflated, byte for byte.
 *
 * <p>Figures: messages/s, MiB/s of uncompressed payload echoed (one direction), the compression ratio on the wire
 * (uncompressed payload bytes ÷ payload bytes as framed, both directions, frame headers excluded, from the load
 * generator's own counts) and server CPU µs per message. A server that declines the offer runs uncompressed (ratio
 * 1.0) and gets a note, not an error.
 */
public final class DeflateEchoScenario implements Scenario {

    public static final Metric MSG_RATE = Metric.higher("msg/s");
    public static final Metric MIB_RATE = Metric.higher("MiB/s");
    public static final Metric RATIO = Metric.higher("wire ratio");
    public static final Metric CPU_PER_MSG = Metric.lower("CPU µs/msg");

    /** Distinct documents per connection, used in turn. */
    static final int VARIANTS = 8;
    /** Where the sequence number's 16 digits start: after {@code {"seq":"}. */
    private static final int SEQ_AT = 8;

    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
        "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter"};
    private static final String[] CITIES = {"Lisbon", "Oslo", "Kyoto", "Lima", "Nairobi", "Quebec", "Perth",
        "Tallinn", "Montevideo", "Hanoi"};
    private static final String[] TAGS = {"admin", "beta", "customer", "premium", "trial", "staff", "partner",
        "legacy"};
    private static final String[] STATES = {"active", "suspended", "pending", "closed"};

    private final int connections;
    private final int inFlight;
    private final int size;
    private volatile int lastNegotiated;

    public DeflateEchoScenario(int connections, int inFlight, int size) {
        if (size < 64) {
            throw new IllegalArgumentException("size >= 64");
        }
        this.connections = connections;
        this.inFlight = inFlight;
        this.size = size;
    }

    @Override
    public String name() {
        return "echo-deflate";
    }

    /** Connections of the last run on which the server accepted permessage-deflate. */
    public int lastNegotiated() {
        return lastNegotiated;
    }

    /**
     * A JSON document of at least {@code size} bytes (whole records are added until it is reached), sequence number
     * zero, deterministic in {@code seed}.
     */
    static byte[] document(long seed, int size) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder(size + 256);
        s.append("{\"seq\":\"0000000000000000\",\"type\":\"user-list\",\"page\":").append(r.nextInt(100))
                .append(",\"users\":[");
        for (int i = 0; s.length() < size - 2; i++) {
            String name = NAMES[r.nextInt(NAMES.length)];
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"id\":").append(100_000 + r.nextInt(900_000))
                    .append(",\"name\":\"").append(name).append("\"")
                    .append(",\"email\":\"").append(name).append('.').append(r.nextInt(1000))
                    .append("@example.com\"")
                    .append(",\"city\":\"").append(CITIES[r.nextInt(CITIES.length)]).append("\"")
                    .append(",\"status\":\"").append(STATES[r.nextInt(STATES.length)]).append("\"")
                    .append(",\"verified\":").append(r.nextBoolean())
                    .append(",\"score\":").append(r.nextInt(10_000) / 100.0)
                    .append(",\"tags\":[\"").append(TAGS[r.nextInt(TAGS.length)]).append("\",\"")
                    .append(TAGS[r.nextInt(TAGS.length)]).append("\"]")
                    .append(",\"created\":\"2026-").append(String.format("%02d-%02dT%02d:%02d:00Z",
                            1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60)))
                    .append("\"}");
        }
        s.append("]}");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        Run run = new Run();
        for (int i = 0; i < connections; i++) {
            client.connect("/echo", run, true);
        }
        if (!Scenario.await(() -> run.opened.get() == connections || run.errors.count() > 0, 30_000)) {
            run.errors.add("only " + run.opened.get() + " of " + connections + " connections opened");
        }
        Thread.sleep(timing.warmupMillis());

        long messages0 = run.received.sum();
        long plain0 = run.plainBytes.sum();
        long wire0 = run.wireBytes.sum();
        long echoed0 = run.echoedBytes.sum();
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(timing.measureMillis());
        long t1 = System.nanoTime();
        long cpu1 = server.cpuNanos();
        long messages = run.received.sum() - messages0;
        long plain = run.plainBytes.sum() - plain0;
        long wire = run.wireBytes.sum() - wire0;
        long echoed = run.echoedBytes.sum() - echoed0;

        run.running = false;
        if (!Scenario.await(() -> run.outstanding.sum() == 0 || run.errors.count() > 0, 10_000)) {
            run.errors.add(run.outstanding.sum() + " messages never came back");
        }
        client.closeAll(5_000);

        int negotiated = run.negotiated.get();
        lastNegotiated = negotiated;
        List<String> notes = negotiated == run.opened.get() ? List.of()
                : List.of("permessage-deflate declined on " + (run.opened.get() - negotiated) + " of "
                        + run.opened.get() + " connections (ran uncompressed)"
                        + (run.declinedAnswer == null ? "" : "; extensions answered: " + run.declinedAnswer));
        double seconds = (t1 - t0) / 1e9;
        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(MSG_RATE, messages / seconds);
        figures.put(MIB_RATE, echoed / (double) (1 << 20) / seconds);
        figures.put(RATIO, wire == 0 ? Double.NaN : (double) plain / wire);
        figures.put(CPU_PER_MSG, messages == 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / messages);
        return new Result(name(), figures, run.received.sum(), run.errors.count(), run.errors.first(), notes);
    }

    /** Per-connection state: the documents and the next sequence numbers. */
    private final class Echoer {
        final byte[][] documents = new byte[VARIANTS][];
        long nextToSend;
        long nextExpected;
    }

    private final class Run implements ConnectionHandler {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger negotiated = new AtomicInteger();
        final LongAdder received = new LongAdder();
        final LongAdder outstanding = new LongAdder();
        /** Uncompressed payload bytes, both directions. */
        final LongAdder plainBytes = new LongAdder();
        /** Payload bytes as framed (compressed or not), both directions. */
        final LongAdder wireBytes = new LongAdder();
        /** Uncompressed payload bytes echoed back (one direction). */
        final LongAdder echoedBytes = new LongAdder();
        final Errors errors = new Errors();
        volatile boolean running = true;
        volatile String declinedAnswer;
        private final AtomicInteger seeds = new AtomicInteger();

        @Override
        public void onOpen(ClientConnection connection) {
            Echoer echoer = new Echoer();
            int seed = seeds.incrementAndGet();
            for (int v = 0; v < VARIANTS; v++) {
                echoer.documents[v] = document(seed * 1_000L + v, size);
            }
            connection.attachment = echoer;
            if (connection.deflateNegotiated()) {
                negotiated.incrementAndGet();
            } else if (!connection.negotiatedExtensions().isEmpty()) {
                declinedAnswer = connection.negotiatedExtensions();
            }
            opened.incrementAndGet();
            for (int i = 0; i < inFlight; i++) {
                send(connection, echoer);
            }
        }

        private void send(ClientConnection connection, Echoer echoer) {
            long seq = echoer.nextToSend++;
            byte[] document = echoer.documents[(int) (seq % VARIANTS)];
            Scenario.putHex(seq, document, SEQ_AT);
            outstanding.increment();
            connection.sendText(document, document.length);
            plainBytes.add(document.length);
            wireBytes.add(connection.lastSentWireLength());
        }

        @Override
        public void onMessage(ClientConnection connection, boolean isText, byte[] data, int length) {
            Echoer echoer = (Echoer) connection.attachment;
            long seq = echoer.nextExpected++;
            outstanding.decrement();
            byte[] document = echoer.documents[(int) (seq % VARIANTS)];
            int n = document.length;
            if (!isText || length != n || Scenario.getHex(data, SEQ_AT) != seq
                    || !Arrays.equals(data, 0, SEQ_AT, document, 0, SEQ_AT)
                    || !Arrays.equals(data, SEQ_AT + 16, n, document, SEQ_AT + 16, n)) {
                errors.add("echo " + seq + " differs (" + (isText ? "text" : "binary") + ", " + length + " bytes, "
                        + n + " expected)");
                connection.abort();
                return;
            }
            received.increment();
            plainBytes.add(length);
            wireBytes.add(connection.lastReceivedWireLength());
            echoedBytes.add(length);
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
