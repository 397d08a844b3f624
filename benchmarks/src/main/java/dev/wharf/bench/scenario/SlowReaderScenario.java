package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.Frames;
import dev.wharf.bench.load.LoadClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile peers (issue #19), slow readers: {@code count} connections to {@code /echo} ({@link #blocking}: the echo
 * is sent with the basic remote, so the server's sends to them block) or {@code /echo-async} ({@link #async}: the
 * async remote, so they queue), each with a 4 KiB socket receive buffer, that send {@link #MESSAGES} binary messages
 * of {@link #MESSAGE} bytes for the server to echo and then never read. Meanwhile a canary opens a new connection every
 * {@link #CANARY_PERIOD_MS} ms, sends one small message and waits for its echo. After {@code seconds}, the slow
 * connections are drained (read until a close frame, the end of the stream or {@link #DRAIN_MS} of silence) to see
 * which ones the server ended during the run. Figures: the canary's worst and 99th-percentile wait, its failures
 * (no echo within {@link #CANARY_LIMIT_MS} ms), % of slow sessions the server ended, its live heap and threads at the
 * end, and whether its process is still alive; its threads and live heap before the slow peers came and
 * {@link #SETTLE_MS} after they are gone (the attack must leave nothing behind). The worst canary's connect,
 * handshake and echo times go to the log. Plain sockets, not the {@link LoadClient}: the slow peers must not
 * read, and the canary must not share a loop with them.
 */
public final class SlowReaderScenario implements Scenario {

    public static final Metric CANARY_MAX = Metric.lower("canary max ms");
    public static final Metric CANARY_P99 = Metric.lower("canary p99 ms");
    public static final Metric CANARY_FAILED = Metric.lower("canary failures");
    public static final Metric ENDED = Metric.higher("slow ended %");
    public static final Metric HEAP = Metric.lower("heap MiB");
    public static final Metric THREADS = Metric.lower("threads");
    public static final Metric ALIVE = Metric.higher("alive");
    /** Threads before any slow peer connected, and after they are gone and idle threads had time to end. */
    public static final Metric THREADS_BEFORE = Metric.lower("threads before");
    public static final Metric THREADS_AFTER = Metric.lower("threads after");
    /**
     * Wharf's own platform threads ({@code wharf-*}: callback pool, timer) at the end of the attack and after it; the
     * host's pool keeps the threads a burst of handshakes made for its own idle time (60 s on Jetty and Tomcat).
     */
    public static final Metric WHARF_THREADS = Metric.lower("wharf threads");
    public static final Metric WHARF_THREADS_AFTER = Metric.lower("wharf threads after");
    /** Live heap before the slow peers and after they are gone: what the attack left behind. */
    public static final Metric HEAP_BEFORE = Metric.lower("heap MiB before");
    public static final Metric HEAP_AFTER = Metric.lower("heap MiB after");
    static final int MESSAGE = 64 << 10;
    static final int MESSAGES = 128; // 8 MiB per peer: more than loopback's largest socket send buffer (4 MiB)
    static final int CANARY_PERIOD_MS = 200;
    static final int PUSH_CHUNK = 64 << 10;
    static final int CANARY_LIMIT_MS = 5_000;
    /** A canary this slow or slower is logged with its breakdown (half the 1 s bar), the first few of them. */
    static final int SLOW_CANARY_MS = 500;
    static final int SLOW_CANARIES_LOGGED = 12;
    static final int DRAIN_MS = 2_000;
    private static final long SETUP_MS = 60_000;
    /**
     * After the slow peers are gone, before the "after" figures: longer than the idle time after which the servers'
     * pool threads end (Wharf's callback threads 10 s, Jetty's 60 s is longer: its figure shows what it keeps).
     */
    static final long SETTLE_MS = 12_000;

    private final String name;
    /** The echo endpoint the slow peers and the canary use. */
    private final String path;
    private final int count;
    private final long seconds;
    /** The slow peers' socket send buffer (as the server's, {@code --socket-buffer}); 0 leaves autotuning. */
    private final int socketBuffer;

    private SlowReaderScenario(String name, String path, int count, long seconds, int socketBuffer) {
        this.name = name;
        this.path = path;
        this.count = count;
        this.seconds = seconds;
        this.socketBuffer = socketBuffer;
    }

    /** {@code slow-readers}: the peers' echoes are sent by {@code EchoEndpoint}, on the basic remote. */
    public static SlowReaderScenario blocking(int count, long seconds, int socketBuffer) {
        return new SlowReaderScenario("slow-readers", "/echo", count, seconds, socketBuffer);
    }

    /** {@code slow-readers-async}: the peers' echoes are sent by {@code AsyncEchoEndpoint}, on the async remote. */
    public static SlowReaderScenario async(int count, long seconds, int socketBuffer) {
        return new SlowReaderScenario("slow-readers-async", "/echo-async", count, seconds, socketBuffer);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        Errors errors = new Errors();
        byte[] payload = new byte[MESSAGE];
        Arrays.fill(payload, (byte) 'x');
        ByteBuffer one = Frames.encode(Frames.BINARY, payload, 0, MESSAGE, 0x5A5A5A5A);
        ByteBuffer all = ByteBuffer.allocate(one.remaining() * MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            all.put(one.duplicate());
        }
        all.flip();

        long threadsBefore = server.threads();
        double heapBefore = heapMiB(server, errors);
        List<SlowPeer> slow = new ArrayList<>();
        long setupEnd = System.nanoTime() + SETUP_MS * 1_000_000;
        for (int i = 0; i < count && System.nanoTime() < setupEnd; i++) {
            try {
                slow.add(SlowPeer.open(address, path, all.asReadOnlyBuffer(), setupEnd, socketBuffer));
            } catch (IOException e) {
                errors.add("slow peer " + i + ": " + e);
            }
        }
        if (slow.size() < count) {
            errors.add("only " + slow.size() + " of " + count + " slow peers connected");
        }

        List<Long> waits = new ArrayList<>();
        long[] phases = new long[2];
        String worst = "none";
        List<String> slowCanaries = new ArrayList<>();
        int failed = 0;
        long attackStart = System.nanoTime();
        long end = attackStart + seconds * 1_000_000_000L;
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            for (SlowPeer s : slow) {
                s.push(); // keep offering the messages; never read
            }
            if (System.nanoTime() >= next) {
                long t0 = System.nanoTime();
                String problem = SlowReaderCanary.run(address, path, phases);
                long waited = (System.nanoTime() - t0) / 1_000_000;
                long took = waited;
                if (took >= SLOW_CANARY_MS || waits.stream().allMatch(w -> w < took)) {
                    // Where the wait went: the connection, a handshake queued behind the host's threads, or the echo.
                    long now = System.nanoTime();
                    String breakdown = took + " ms, " + (t0 - attackStart) / 1_000_000
                            + " ms into the attack: connect " + (phases[0] - t0) / 1_000_000 + (phases[1] == 0
                            ? ", no handshake answer"
                            : ", handshake " + (phases[1] - phases[0]) / 1_000_000 + ", echo "
                                    + (now - phases[1]) / 1_000_000) + (problem == null ? "" : " (" + problem + ")");
                    if (waits.stream().allMatch(w -> w < took)) {
                        worst = breakdown;
                    }
                    if (took >= SLOW_CANARY_MS) {
                        slowCanaries.add(breakdown);
                    }
                }
                if (problem != null) {
                    failed++;
                    errors.add("canary: " + problem);
                    waited = Math.max(waited, CANARY_LIMIT_MS);
                }
                waits.add(waited);
                next = t0 + CANARY_PERIOD_MS * 1_000_000L;
            }
            Thread.sleep(10);
        }

        boolean alive = server.isAlive();
        long threads = alive ? server.threads() : 0;
        double wharfThreads = alive ? wharfThreads(server, errors) : 0;
        double heap = alive ? heapMiB(server, errors) : Double.NaN;
        int ended = 0;
        long drainEnd = System.nanoTime() + DRAIN_MS * 1_000_000L;
        // Now read: the server may send what it still queues, then either its close or nothing more.
        boolean allDone = false;
        while (!allDone && System.nanoTime() < drainEnd) {
            allDone = true;
            for (SlowPeer s : slow) {
                allDone &= s.drainStep();
            }
            Thread.sleep(1);
        }
        for (SlowPeer s : slow) {
            if (!s.done()) {
                s.finish(false);
            }
            if (s.endedByServer()) {
                ended++;
            }
        }
        System.err.println("  " + server.contender().label() + " " + name + ": worst canary " + worst);
        // When the slow ones came (in the storm of the first seconds, or spread out) tells queuing from periodic waits.
        System.err.println("  " + server.contender().label() + " " + name + ": " + slowCanaries.size()
                + " canaries of " + SLOW_CANARY_MS + " ms or more" + (slowCanaries.isEmpty() ? ""
                : ", the first " + Math.min(slowCanaries.size(), SLOW_CANARIES_LOGGED) + ": "
                        + slowCanaries.subList(0, Math.min(slowCanaries.size(), SLOW_CANARIES_LOGGED))));
        // Every slow peer is closed now; the server should give back what the attack took.
        long threadsAfter = 0;
        double wharfThreadsAfter = 0;
        double heapAfter = Double.NaN;
        if (server.isAlive()) {
            Thread.sleep(SETTLE_MS);
            threadsAfter = server.threads();
            List<String> left = wharfThreadNames(server, errors);
            wharfThreadsAfter = left == null ? Double.NaN : left.size();
            System.err.println("  " + server.contender().label() + " " + name + ": Wharf's threads after " + left);
            heapAfter = heapMiB(server, errors);
        }
        long[] sorted = waits.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(CANARY_MAX, sorted.length == 0 ? Double.NaN : (double) sorted[sorted.length - 1]);
        figures.put(CANARY_P99, sorted.length == 0 ? Double.NaN
                : (double) sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)]);
        figures.put(CANARY_FAILED, (double) failed);
        figures.put(ENDED, 100.0 * ended / Math.max(1, slow.size()));
        figures.put(HEAP, heap);
        figures.put(THREADS, (double) threads);
        figures.put(THREADS_BEFORE, (double) threadsBefore);
        figures.put(THREADS_AFTER, (double) threadsAfter);
        figures.put(WHARF_THREADS, wharfThreads);
        figures.put(WHARF_THREADS_AFTER, wharfThreadsAfter);
        figures.put(HEAP_BEFORE, heapBefore);
        figures.put(HEAP_AFTER, heapAfter);
        figures.put(ALIVE, alive ? 1.0 : 0.0);
        // Canary failures and slow peers the server dropped are figures here, not errors of the benchmark:
        // every canary attempt counts as checked, so a server that answers none still gets its row; their causes
        // are not notes either (a contender with notes is no yardstick for the ratios), they go to the log.
        errors.first().forEach(e -> System.err.println("  " + server.contender().label() + ": " + e));
        return new Result(name(), figures, waits.size(), alive ? 0 : 1,
                alive ? List.of() : List.of("server process died"));
    }

    /**
     * Platform threads named {@code wharf-*} in the server's thread dump (virtual threads are not in it); NaN (and an
     * error) if the server does not finish the dump (Jetty's own ran out of heap under {@code slow-readers-async}).
     */
    private static double wharfThreads(ServerProcess server, Errors errors) throws InterruptedException {
        List<String> names = wharfThreadNames(server, errors);
        return names == null ? Double.NaN : names.size();
    }

    /** The names of {@link #wharfThreads}, for the log: which of them outlived the attack; null if not known. */
    private static List<String> wharfThreadNames(ServerProcess server, Errors errors) throws InterruptedException {
        try {
            return server.diagnosticCommand("threadPrint").lines().filter(l -> l.startsWith("\"wharf-"))
                    .map(l -> l.substring(1, l.indexOf('"', 1))).toList();
        } catch (IllegalStateException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    /** Live heap after full collections in MiB, NaN (and an error) if the server does not say. */
    private static double heapMiB(ServerProcess server, Errors errors) throws InterruptedException {
        try {
            return server.heapUsedAfterGc() / 1048576.0;
        } catch (IllegalStateException e) {
            errors.add(e.getMessage());
            return Double.NaN;
        }
    }
}
