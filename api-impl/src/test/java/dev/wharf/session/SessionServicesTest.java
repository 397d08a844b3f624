package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
}
