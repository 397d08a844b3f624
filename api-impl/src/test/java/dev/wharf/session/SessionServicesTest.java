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
        services.timer().schedule(() -> timerThread.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);
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
            for (int i = 0; i < 5; i++) {
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

    /** Waits up to 5 s for a gauge to read as expected; gauges are read, not notified, so this polls. */
    private static void awaitTrue(BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("meters did not settle: " + state.get());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
