package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.load.LoadLoop;
import dev.wharf.bench.server.EchoEndpoint;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hostile peers (issue #19): {@code count} connections to {@code /echo} that each send a frame header announcing
 * the largest message the endpoint accepts ({@link EchoEndpoint#MAX_MESSAGE}), one payload byte, and then nothing.
 * A server that sizes its message buffer from the header holds the announced size per connection for as long as the
 * peer likes; one that follows the bytes that arrived holds little. Figures: server live heap (after full
 * collections) and RSS per connection, its threads, and how many of the connections it still keeps open at the end
 * (a server that dropped them, or died, keeps none).
 */
public final class HeaderFloodScenario implements Scenario {

    public static final Metric HEAP = Metric.lower("heap KiB/conn");
    public static final Metric RSS = Metric.lower("RSS KiB/conn");
    public static final Metric THREADS = Metric.lower("threads");
    public static final Metric KEPT = Metric.higher("kept %");
    private static final int MAX_PENDING = 100;

    private final int count;

    public HeaderFloodScenario(int count) {
        this.count = count;
    }

    @Override
    public String name() {
        return "hostile-headers";
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        long heap0 = server.heapUsedAfterGc();
        long rss0 = server.rssBytes();
        Errors errors = new Errors();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        // A final binary frame, masked, 64-bit length form; then the mask key and one (masked) payload byte.
        byte[] header = ByteBuffer.allocate(15).put((byte) 0x82).put((byte) (0x80 | 127))
                .putLong(EchoEndpoint.MAX_MESSAGE).putInt(0x11223344).put((byte) ('x' ^ 0x11)).array();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(ClientConnection connection) {
                opened.incrementAndGet();
                connection.sendRaw(header);
            }

            @Override
            public void onMessage(ClientConnection connection, boolean text, byte[] data, int length) {
                errors.add("unexpected message while a frame is unfinished");
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
            Scenario.await(() -> started - opened.get() - ended.get() < MAX_PENDING, 30_000);
            client.connect("/echo", handler);
        }
        if (!Scenario.await(() -> opened.get() + ended.get() >= count, 60_000) || opened.get() < count) {
            errors.add("only " + opened.get() + " of " + count + " connections opened");
        }
        Thread.sleep(timing.measureMillis()); // the server has read every header by now
        long heap1 = server.heapUsedAfterGc();
        long rss1 = server.rssBytes();
        long threads = server.threads();
        int kept = client.openConnections();
        int n = Math.max(1, opened.get());
        // Unfinished frames: a close frame would be read as their payload. Drop the connections instead.
        client.loops().forEach(LoadLoop::abortAll);

        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(HEAP, (heap1 - heap0) / 1024.0 / n);
        figures.put(RSS, (rss1 - rss0) / 1024.0 / n);
        figures.put(THREADS, (double) threads);
        figures.put(KEPT, 100.0 * kept / count);
        return new Result(name(), figures, kept, errors.count(), errors.first());
    }
}
