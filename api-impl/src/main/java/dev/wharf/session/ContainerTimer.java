package dev.wharf.session;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The deadlines of sessions whose transport offers no host timer, on the container's own timer thread. */
final class ContainerTimer implements DeadlineTimer {

    private final ScheduledExecutorService executor;

    ContainerTimer(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public Object schedule(Runnable task, long delayMs) {
        try {
            // A task that is a Callable too (an idle check: every idle session holds one armed) goes in as one, so
            // the executor does not wrap it in a Runnable adapter (24 B per session).
            return task instanceof Callable<?> callable
                    ? executor.schedule(callable, Math.max(1, delayMs), TimeUnit.MILLISECONDS)
                    : executor.schedule(task, Math.max(1, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return null;
        }
    }

    @Override
    public void cancel(Object handle) {
        ((ScheduledFuture<?>) handle).cancel(false);
    }
}
