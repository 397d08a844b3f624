package dev.wharf.metrics;

/** A container's gauge sources with values a test sets. */
final class FixedSources implements ContainerMeters.Sources {
    volatile long held;
    volatile long highWater;
    volatile long evictions;
    volatile int behind;
    volatile int threads;
    volatile int busy;
    volatile int queued;

    @Override
    public long sendBytesHeld() {
        return held;
    }

    @Override
    public long sendBytesHighWater() {
        return highWater;
    }

    @Override
    public long sendBudgetEvictions() {
        return evictions;
    }

    @Override
    public int sessionsHoldingOver(long bytes) {
        return behind;
    }

    @Override
    public int callbackThreads() {
        return threads;
    }

    @Override
    public int callbackThreadsBusy() {
        return busy;
    }

    @Override
    public int callbackTasksQueued() {
        return queued;
    }
}
