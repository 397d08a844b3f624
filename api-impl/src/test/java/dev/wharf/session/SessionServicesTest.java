package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.metrics.ContainerMeters;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The container's shared threads. */
class SessionServicesTest {

    @Test
    @DisplayName("shutdown returns only after its timer and callback threads have ended")
    void shutdownWaitsForItsThreads() throws Exception {
        SessionServices services = new SessionServices(null, new ContainerDefaults(), "ended", 2);
        CompletableFuture<Thread> timerThread = new CompletableFuture<>();
        CompletableFuture<Thread> poolThread = new CompletableFuture<>();
        services.timer().schedule(() -> timerThread.complete(Thread.currentThread()), 1);
        services.pool().execute(() -> poolThread.complete(Thread.currentThread()));
        Thread timer = timerThread.get(5, TimeUnit.SECONDS);
        Thread callback = poolThread.get(5, TimeUnit.SECONDS);

        services.shutdown("test over", 5000);

        // Checked right after the call, as Tomcat checks right after contextDestroyed: no join, no polling.
        assertFalse(timer.isAlive(), timer.getName() + " outlived shutdown");
        assertFalse(callback.isAlive(), callback.getName() + " outlived shutdown");
    }

    @Test
    @DisplayName("the callback pool's meters follow its work: threads busy while callbacks run, tasks queued behind "
            + "them, both back to zero when they end (issue #21)")
    void callbackPoolMetersFollowTheWork() throws Exception {
        SessionServices services = new SessionServices(null, new ContainerDefaults(), "metered", 2);
        ContainerMeters meters = services.meters();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(5);
        try {
            assertEquals(0, meters.callbackThreadsBusy());
            assertEquals(0, meters.callbackTasksQueued());
            submitWaiting(services, 5, release, ended);
            // Every task is either running on a thread or queued for one: the meters account for all five.
            awaitTrue(() -> meters.callbackThreadsBusy() >= 2
                    && meters.callbackThreadsBusy() + meters.callbackTasksQueued() == 5,
                    () -> "busy " + meters.callbackThreadsBusy() + ", queued " + meters.callbackTasksQueued());
            assertTrue(meters.callbackThreads() >= meters.callbackThreadsBusy());
            assertTrue(meters.callbackTasksQueued() > 0, "callbacks past maxThreads wait in the queue");

            release.countDown();
            assertTrue(ended.await(5, TimeUnit.SECONDS));
            awaitTrue(() -> meters.callbackThreadsBusy() == 0 && meters.callbackTasksQueued() == 0,
                    () -> "busy " + meters.callbackThreadsBusy() + ", queued " + meters.callbackTasksQueued());
        } finally {
            release.countDown();
            services.shutdown("test over", 5000);
        }
    }

    @Test
    @DisplayName("issue #20: a callback pool grown by a burst has no thread left a few seconds after its last task")
    void callbackPoolShrinksSoonAfterABurst() throws Exception {
        int burst = 8;
        SessionServices services = new SessionServices(null, new ContainerDefaults(), "shrinking", burst);
        ContainerMeters meters = services.meters();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(burst);
        try {
            submitWaiting(services, burst, release, ended);
            // Blocked callbacks make the pool grow (patiently) to one thread each.
            awaitTrue(() -> meters.callbackThreads() == burst, () -> "threads " + meters.callbackThreads());
            release.countDown();
            assertTrue(ended.await(5, TimeUnit.SECONDS));
            long idleSince = System.nanoTime();
            // With threads kept 10 s, as before, the idle measured 3 s after 2,000 handshakes still had 16 of them.
            // None may stay: the one that sometimes did (8 s and more) was stuck in LinkedTransferQueue's timed poll
            // past its timeout, a Java 17 bug (JDK-8301341) that the pool's own queue (IdleHandOffQueue) avoids.
            awaitTrue(() -> meters.callbackThreads() == 0, () -> "threads " + meters.callbackThreads(), 8);
            assertTrue(System.nanoTime() - idleSince >= TimeUnit.SECONDS.toNanos(1),
                    "threads are kept a moment for the next callback, not ended at once");
        } finally {
            release.countDown();
            services.shutdown("test over", 5000);
        }
    }

    /** Submits {@code count} callbacks that each wait for {@code release}, then count {@code ended} down. */
    private static void submitWaiting(SessionServices services, int count, CountDownLatch release,
            CountDownLatch ended) {
        for (int i = 0; i < count; i++) {
            services.pool().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    ended.countDown();
                }
            });
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        awaitTrue(condition, state, 5);
    }

    /** Waits up to {@code seconds} for a gauge to read as expected; gauges are read, not notified, so this polls. */
    private static void awaitTrue(BooleanSupplier condition, Supplier<String> state, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("meters did not settle: " + state.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000); // not a spin: this may wait seconds
        }
    }
}
