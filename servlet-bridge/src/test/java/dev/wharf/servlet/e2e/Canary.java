package dev.wharf.servlet.e2e;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A well-behaved client beside hostile ones (issue #19): every 200 ms it opens a new connection, has one message
 * echoed and closes again, and records the longest wait for the handshake plus the echo. It also samples a figure of
 * the server's at each round (bytes the container holds for peers, say) and keeps the largest.
 */
final class Canary implements AutoCloseable {

    static final long PERIOD_MS = 200;

    private final URI echo;
    private final LongSupplier sample;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "canary");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong longestMs = new AtomicLong();
    private final AtomicLong longestHandshakeMs = new AtomicLong();
    private final AtomicLong largestSample = new AtomicLong();
    private final AtomicInteger rounds = new AtomicInteger();
    /** Rounds finished. Guarded by this. */
    private int finished;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    /** @param echo an endpoint that echoes a text message once */
    Canary(URI echo, LongSupplier sample) {
        this.echo = echo;
        this.sample = sample;
        clock.scheduleWithFixedDelay(this::round, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void round() {
        int n = rounds.incrementAndGet();
        long start = System.nanoTime();
        try (RawWebSocket ws = RawWebSocket.connect(echo)) {
            longestHandshakeMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
            ws.readTimeout(5_000);
            ws.sendText("canary " + n);
            RawWebSocket.Frame reply = ws.readFrame();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            longestMs.accumulateAndGet(tookMs, Math::max);
            if (reply.opcode() != RawWebSocket.TEXT || !reply.text().equals("canary " + n)) {
                failures.add(new AssertionError("round " + n + ": unexpected reply " + reply));
            }
            ws.sendClose(1000, "");
            ws.readUntilClose();
        } catch (Exception | AssertionError e) {
            longestMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
            failures.add(new AssertionError("round " + n + " failed", e));
        }
        largestSample.accumulateAndGet(sample.getAsLong(), Math::max);
        synchronized (this) {
            finished++;
            notifyAll();
        }
    }

    /** Waits until {@code n} rounds have finished in all; false if that takes longer than {@code timeoutMs}. */
    synchronized boolean awaitRounds(int n, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (finished < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The longest a round waited for its connection and echo, in ms. */
    long longestMs() {
        return longestMs.get();
    }

    /** The longest a round waited for its handshake alone, in ms. */
    long longestHandshakeMs() {
        return longestHandshakeMs.get();
    }

    long largestSample() {
        return largestSample.get();
    }

    int rounds() {
        return rounds.get();
    }

    /** Stops after the round in progress. */
    @Override
    public void close() throws InterruptedException {
        clock.shutdown();
        if (!clock.awaitTermination(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a canary round did not end");
        }
    }
}
