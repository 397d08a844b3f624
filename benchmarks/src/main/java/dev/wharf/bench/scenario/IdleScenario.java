package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.LoadClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code count} open, idle connections to {@code /echo}: server RSS ({@code VmRSS}) and live heap (after full
 * collections) per connection, the server's thread count, and its CPU while they sit idle.
 */
public final class IdleScenario implements Scenario {

    public static final Metric RSS = Metric.lower("RSS KiB/conn");
    public static final Metric HEAP = Metric.lower("heap KiB/conn");
    public static final Metric THREADS = Metric.lower("threads");
    public static final Metric IDLE_CPU = Metric.lower("idle CPU %");
    private static final int MAX_PENDING = 100;

    private final int count;
    /** Where to write a profile of what the idle connections hold ({@link IdleProfile}); null for none. */
    private final Path profileDir;

    public IdleScenario(int count) {
        this(count, null);
    }

    public IdleScenario(int count, Path profileDir) {
        this.count = count;
        this.profileDir = profileDir;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        long heap0 = server.heapUsedAfterGc();
        long rss0 = server.rssBytes();
        IdleProfile profile = profileDir == null ? null : IdleProfile.before(server);
        Errors errors = new Errors();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(ClientConnection connection) {
                opened.incrementAndGet();
            }

            @Override
            public void onMessage(ClientConnection connection, boolean text, byte[] data, int length) {
                errors.add("unexpected message on an idle connection");
            }

            @Override
            public void onClosed(ClientConnection connection, boolean clean) {
                ended.incrementAndGet();
            }

            @Override
            public void onError(ClientConnection connection, String problem) {
                errors.add(problem);
                if (connection == null) {
                    ended.incrementAndGet(); // never connected
                }
            }
        };
        for (int i = 0; i < count; i++) {
            int started = i;
            // bounded handshakes in flight: a burst of thousands would measure the accept backlog, not memory
            Scenario.await(() -> started - opened.get() - ended.get() < MAX_PENDING, 30_000);
            client.connect("/echo", handler);
        }
        if (!Scenario.await(() -> opened.get() + ended.get() >= count, 60_000) || opened.get() < count) {
            errors.add("only " + opened.get() + " of " + count + " idle connections opened");
        }
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(timing.measureMillis());
        long idleCpu = server.cpuNanos() - cpu0;
        double idleSeconds = (System.nanoTime() - t0) / 1e9;
        long threads = server.threads();
        long rss1 = server.rssBytes();
        long heap1 = server.heapUsedAfterGc();
        int n = Math.max(1, opened.get());
        if (profile != null) {
            profile.write(server, profileDir, n);
        }
        client.closeAll(10_000);

        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(RSS, (rss1 - rss0) / 1024.0 / n);
        figures.put(HEAP, (heap1 - heap0) / 1024.0 / n);
        figures.put(THREADS, (double) threads);
        figures.put(IDLE_CPU, idleCpu / 1e9 / idleSeconds * 100);
        return new Result(name(), figures, opened.get(), errors.count(), errors.first());
    }
}
