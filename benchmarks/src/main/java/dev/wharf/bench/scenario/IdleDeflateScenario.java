package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.DeflateOffer;
import dev.wharf.bench.load.LoadClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a browser's connection costs a server at rest: {@code count} connections to {@code /echo} offer
 * permessage-deflate as Chromium does ({@link DeflateOffer#BROWSER}: context takeover both ways), each sends one
 * chat-like JSON message of about 300 bytes (compressed if the server agreed) and gets its echo, then all sit idle.
 *
 * <p>It runs twice on the same server: a cold pass (the connections are closed again) and the measured, warm pass.
 * Figures: server RSS ({@code VmRSS}) and live heap (after full collections) per connection of the warm pass against
 * the server before it; cold RSS per connection, the same for the cold pass against the fresh server (it includes
 * what a server pays once: JIT, class loading, the first touch of heap pages committed at start-up, thread pools
 * growing); the compression ratio on the wire (uncompressed payload ÷ payload as framed, both directions); server
 * CPU per echoed message of the warm pass (the echoes only: measured after every connection is open). A server that
 * declines the offer runs uncompressed and gets a note.
 */
public final class IdleDeflateScenario implements Scenario {

    public static final Metric RSS = Metric.lower("RSS KiB/conn");
    public static final Metric HEAP = Metric.lower("heap KiB/conn");
    public static final Metric COLD_RSS = Metric.lower("cold RSS KiB/conn");
    public static final Metric RATIO = Metric.higher("wire ratio");
    public static final Metric CPU_PER_MSG = Metric.lower("CPU µs/msg");
    private static final int MAX_PENDING = 100;
    private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be"
            + " this have from or one had by word but not what all were we when your can said there use an each which"
            + " she do how their if will up other about out many then them these so some her would make like him into"
            + " time has look two more write go see number no way could people my than first water been call who")
            .split(" ");
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};

    private final int count;
    private final int size;
    /** Where to write a memory profile of each run (native memory and heap histogram diffs); null for none. */
    private final Path profileDir;

    /** @param size approximate bytes of each connection's one message */
    public IdleDeflateScenario(int count, int size) {
        this(count, size, null);
    }

    /**
     * @param profileDir null, or a directory for one memory profile per run: the server's native memory (NMT, when
     *     the server JVM runs with {@code -XX:NativeMemoryTracking=summary}) and its heap histogram, before the
     *     connections open and once they are idle, and its RSS after full collections
     */
    public IdleDeflateScenario(int count, int size, Path profileDir) {
        this.count = count;
        this.size = size;
        this.profileDir = profileDir;
    }

    @Override
    public String name() {
        return "idle-deflate";
    }

    /** A chat message of about {@code size} bytes, deterministic in {@code seed}. */
    static byte[] message(long seed, int size) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder();
        String head = "{\"type\":\"chat.message\",\"id\":" + (1_000_000 + r.nextInt(9_000_000))
                + ",\"room\":\"general\",\"from\":\"" + USERS[r.nextInt(USERS.length)] + "\",\"sentAt\":\"2026-12-06T"
                + String.format("%02d:%02d:%02d.%03dZ", r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000))
                + "\",\"text\":\"";
        String tail = "\",\"reactions\":[]}";
        while (head.length() + text.length() + tail.length() < size) {
            text.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return (head + text.toString().trim() + tail).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        // Cold: the first connections also pay what a server pays once (JIT, class loading, first touch of the heap
        // committed at start-up, thread pools growing). Reported, but not the per-connection figure.
        long coldRss0 = server.rssBytes();
        Run cold = openAndEcho(server, client);
        Thread.sleep(timing.measureMillis());
        long coldRss1 = server.rssBytes();
        client.closeAll(10_000);
        int coldOpened = Math.max(1, cold.opened.get());

        // Warm: the same again on the warmed server; what these connections add is what a connection costs.
        long heap0 = server.heapUsedAfterGc();
        long rss0 = server.rssBytes();
        String histogram0 = "";
        long heapResident0 = 0;
        long threads0 = server.threads();
        if (profileDir != null) {
            histogram0 = server.diagnosticCommand("gcClassHistogram");
            server.diagnosticCommand("vmNativeMemory", "baseline");
            heapResident0 = server.heapResidentBytes();
        }
        Run run = openAndEcho(server, client);
        long cpu = run.echoCpuNanos;
        Thread.sleep(timing.measureMillis());
        long rss1 = server.rssBytes();
        long heap1 = server.heapUsedAfterGc();
        int n = Math.max(1, run.opened.get());
        if (profileDir != null) {
            writeProfile(server, n, rss0, rss1, histogram0, heapResident0, threads0);
        }
        client.closeAll(10_000);

        List<String> notes = run.negotiated.get() == run.opened.get() ? List.of()
                : List.of("permessage-deflate declined on " + (run.opened.get() - run.negotiated.get()) + " of "
                        + run.opened.get() + " connections (ran uncompressed)");
        long wire = run.wireBytes.sum();
        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(RSS, (rss1 - rss0) / 1024.0 / n);
        figures.put(HEAP, (heap1 - heap0) / 1024.0 / n);
        figures.put(COLD_RSS, (coldRss1 - coldRss0) / 1024.0 / coldOpened);
        figures.put(RATIO, wire == 0 ? Double.NaN : (double) run.plainBytes.sum() / wire);
        figures.put(CPU_PER_MSG, run.echoed.get() == 0 ? Double.NaN : cpu / 1e3 / run.echoed.get());
        if (cold.errors.count() > 0) {
            run.errors.add("cold pass: " + cold.errors.first());
        }
        return new Result(name(), figures, run.echoed.get(), run.errors.count(), run.errors.first(), notes);
    }

    /**
     * Opens {@link #count} connections (at most {@link #MAX_PENDING} handshakes pending), then sends each one message
     * and waits for every echo; the server CPU of the echoes goes into {@link Run#echoCpuNanos}.
     */
    private Run openAndEcho(ServerProcess server, LoadClient client) throws InterruptedException {
        Run run = new Run();
        for (int i = 0; i < count; i++) {
            int started = i;
            Scenario.await(() -> started - run.opened.get() - run.ended.get() < MAX_PENDING, 30_000);
            client.connect("/echo", run, DeflateOffer.BROWSER);
        }
        if (!Scenario.await(() -> run.opened.get() + run.ended.get() >= count, 60_000) || run.opened.get() < count) {
            run.errors.add("only " + run.opened.get() + " of " + count + " connections opened");
        }
        long cpu0 = server.cpuNanos();
        for (ClientConnection c : run.connections()) {
            c.loop().execute(() -> run.send(c));
        }
        if (!Scenario.await(() -> run.echoed.get() + run.ended.get() >= run.opened.get(), 60_000)) {
            run.errors.add("only " + run.echoed.get() + " of " + run.opened.get() + " echoes came back");
        }
        run.echoCpuNanos = server.cpuNanos() - cpu0;
        return run;
    }

    /** Native memory and heap histogram, each as a diff against before the connections opened, and RSS after GC. */
    private void writeProfile(ServerProcess server, int connections, long rss0, long rss1, String histogram0,
            long heapResident0, long threads0) throws InterruptedException, IOException {
        long rssAfterGc = server.rssBytes(); // heapUsedAfterGc has just collected (G1 may have shrunk the heap)
        long heapResident1 = server.heapResidentBytes();
        long threads1 = server.threads();
        String nmt = server.diagnosticCommand("vmNativeMemory", "summary.diff");
        String histogram1 = server.diagnosticCommand("gcClassHistogram");
        Files.createDirectories(profileDir);
        Path file = profileDir.resolve(server.contender().label() + "-idle-deflate-" + System.currentTimeMillis()
                + ".txt");
        Files.writeString(file, String.format("%s, %d connections, %s%n"
                + "VmRSS before %d KiB, idle %d KiB (%.1f KiB/conn), idle after full GC %d KiB (%.1f KiB/conn)%n"
                + "Java heap resident before %d KiB, idle after full GC %d KiB (%.1f KiB/conn); threads %d -> %d%n%n"
                + "== native memory, idle minus before ==%n%s%n== heap histogram before ==%n%s%n"
                + "== heap histogram idle ==%n%s%n", server.contender().label(), connections,
                System.getProperty("java.version"), rss0 / 1024, rss1 / 1024, (rss1 - rss0) / 1024.0 / connections,
                rssAfterGc / 1024, (rssAfterGc - rss0) / 1024.0 / connections, heapResident0 / 1024,
                heapResident1 / 1024, (heapResident1 - heapResident0) / 1024.0 / connections, threads0, threads1, nmt,
                histogram0, histogram1));
        System.err.println("  memory profile: " + file);
    }

    private final class Run implements ConnectionHandler {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicInteger negotiated = new AtomicInteger();
        final AtomicInteger echoed = new AtomicInteger();
        final LongAdder plainBytes = new LongAdder();
        final LongAdder wireBytes = new LongAdder();
        final Errors errors = new Errors();
        private final java.util.Queue<ClientConnection> open = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final AtomicInteger seeds = new AtomicInteger();
        /** Server CPU from the first send to the last echo. */
        long echoCpuNanos;

        List<ClientConnection> connections() {
            return List.copyOf(open);
        }

        @Override
        public void onOpen(ClientConnection connection) {
            connection.attachment = message(seeds.incrementAndGet(), size);
            if (connection.deflateNegotiated()) {
                negotiated.incrementAndGet();
            }
            open.add(connection);
            opened.incrementAndGet();
        }

        /** On the connection's loop thread. */
        void send(ClientConnection connection) {
            byte[] m = (byte[]) connection.attachment;
            connection.sendText(m, m.length);
            plainBytes.add(m.length);
            wireBytes.add(connection.lastSentWireLength());
        }

        @Override
        public void onMessage(ClientConnection connection, boolean text, byte[] data, int length) {
            byte[] m = (byte[]) connection.attachment;
            if (!text || !Arrays.equals(m, 0, m.length, data, 0, length)) {
                errors.add("the echo differs from the message");
            }
            plainBytes.add(length);
            wireBytes.add(connection.lastReceivedWireLength());
            echoed.incrementAndGet();
        }

        @Override
        public void onClosed(ClientConnection connection, boolean clean) {
            ended.incrementAndGet();
        }

        @Override
        public void onError(ClientConnection connection, String problem) {
            errors.add(problem);
            if (connection == null) {
                ended.incrementAndGet();
            }
        }
    }
}
