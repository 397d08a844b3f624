package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.wharf.metrics.ContainerMeters;
import dev.wharf.session.SessionServices;
import java.util.concurrent.TimeUnit;

/** The container's callback pool after an attack: nothing may stay waiting in a send, running or queued. */
final class CallbackPool {

    private CallbackPool() {}

    /**
     * Waits up to {@code ms} for the pool to hold no work: no blocking send waiting (virtual threads included, which
     * thread dumps do not list), no callback running, none queued. A thread leaves its send a moment after its
     * connection ended, so this polls (the gauges are read, not notified).
     */
    static void awaitIdle(SessionServices services, long ms) throws InterruptedException {
        ContainerMeters meters = services.meters();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (services.sendsWaiting() != 0 || meters.callbackThreadsBusy() != 0
                || meters.callbackTasksQueued() != 0) {
            if (System.nanoTime() > deadline) {
                fail("after " + ms + " ms the callback pool still holds " + services.sendsWaiting()
                        + " sends waiting, " + meters.callbackThreadsBusy() + " callbacks running, "
                        + meters.callbackTasksQueued() + " queued");
            }
            Thread.sleep(10);
        }
    }
}
