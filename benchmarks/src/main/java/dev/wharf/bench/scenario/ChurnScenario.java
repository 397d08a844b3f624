package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.LoadClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection churn on {@code /echo}: {@code concurrency} clients in a loop of connect, handshake, closing handshake,
 * reconnect. Reports completed connections (handshake and clean close) per second, server CPU per connection, and
 * bytes the server allocated per connection (exact thread counters: unlike CPU, not distorted by a busy machine;
 * the server's threads that end during the measurement take their counts with them, which is reported as an
 * error).
 */
public final class ChurnScenario implements Scenario {

    public static final Metric RATE = Metric.higher("handshakes/s");
    public static final Metric CPU = Metric.lower("CPU µs/handshake");
    /** The CPU column split: user (the JVM's own work) and system (the kernel's: accept, reads, writes, close). */
    public static final Metric USER = Metric.lower("user µs/hs");
    public static final Metric SYSTEM = Metric.lower("sys µs/hs");
    public static final Metric ALLOCATED = Metric.lower("KiB allocated/handshake");
    /** Load-robust: the server's read and write system calls and voluntary context switches per connection. */
    public static final Metric READS = Metric.lower("reads/hs");
    public static final Metric WRITES = Metric.lower("writes/hs");
    public static final Metric SWITCHES = Metric.lower("switches/hs");

    private final int concurrency;

    public ChurnScenario(int concurrency) {
        this.concurrency = concurrency;
    }

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        Errors errors = new Errors();
        LongAdder completed = new LongAdder();
        AtomicInteger live = new AtomicInteger(concurrency);
        boolean[] running = {true};
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(ClientConnection connection) {
                connection.close();
            }

            @Override
            public void onMessage(ClientConnection connection, boolean text, byte[] data, int length) {
                errors.add("unexpected message");
            }

            @Override
            public void onClosed(ClientConnection connection, boolean clean) {
                if (clean) {
                    completed.increment();
                }
                next();
            }

            @Override
            public void onError(ClientConnection connection, String problem) {
                errors.add(problem);
                if (connection == null) {
                    next();
                }
            }

            private void next() {
                synchronized (running) {
                    if (running[0] && errors.count() < 100) {
                        client.connect("/echo", this);
                        return;
                    }
                }
                live.decrementAndGet();
            }
        };
        for (int i = 0; i < concurrency; i++) {
            client.connect("/echo", handler);
        }
        Thread.sleep(timing.warmupMillis());
        long n0 = completed.sum();
        long[] alloc0 = server.allocatedBytes();
        long[] cpu0 = server.cpuSplitNanos();
        long reads0 = server.readCalls();
        long writes0 = server.writeCalls();
        long switches0 = server.voluntarySwitches();
        long t0 = System.nanoTime();
        Thread.sleep(timing.measureMillis());
        long n = completed.sum() - n0;
        long[] cpu1 = server.cpuSplitNanos();
        long reads1 = server.readCalls();
        long writes1 = server.writeCalls();
        long switches1 = server.voluntarySwitches();
        long user = cpu1[0] - cpu0[0];
        long system = cpu1[1] - cpu0[1];
        long[] alloc1 = server.allocatedBytes();
        if (alloc1[1] < alloc0[1]) {
            errors.add("server threads ended during the measurement: " + alloc0[1] + " -> " + alloc1[1]
                    + ", allocation undercounted");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        synchronized (running) {
            running[0] = false;
        }
        if (!Scenario.await(() -> live.get() == 0, 10_000)) {
            errors.add(live.get() + " churning connections did not finish");
            client.closeAll(2_000);
        }
        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(RATE, n / seconds);
        figures.put(CPU, n == 0 ? Double.NaN : (user + system) / 1e3 / n);
        figures.put(USER, n == 0 ? Double.NaN : user / 1e3 / n);
        figures.put(SYSTEM, n == 0 ? Double.NaN : system / 1e3 / n);
        figures.put(ALLOCATED, n == 0 ? Double.NaN : (alloc1[0] - alloc0[0]) / 1024.0 / n);
        figures.put(READS, perConnection(reads0, reads1, n));
        figures.put(WRITES, perConnection(writes0, writes1, n));
        figures.put(SWITCHES, perConnection(switches0, switches1, n));
        return new Result(name(), figures, completed.sum(), errors.count(), errors.first());
    }

    /** A counter's growth per connection, or NaN where the counter could not be read. */
    private static double perConnection(long before, long after, long n) {
        return before < 0 || after < 0 || n == 0 ? Double.NaN : (double) (after - before) / n;
    }
}
