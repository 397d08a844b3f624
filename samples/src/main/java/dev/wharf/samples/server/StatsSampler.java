package dev.wharf.samples.server;

import dev.wharf.metrics.ContainerMeters;
import jakarta.websocket.RemoteEndpoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends each watcher a snapshot of its container's meters once per period. A snapshot is built once per container
 * per tick, whatever the number of watchers; a watcher whose previous snapshot is still being sent skips a tick
 * rather than queueing. The timer thread runs only while someone watches.
 */
final class StatsSampler {

    /** One page watching one container, with at most one snapshot in flight. */
    static final class Watcher {
        private final ContainerMeters meters;
        private final RemoteEndpoint.Async remote;
        private final AtomicBoolean sending = new AtomicBoolean();

        Watcher(ContainerMeters meters, RemoteEndpoint.Async remote) {
            this.meters = meters;
            this.remote = remote;
        }

        void offer(String snapshot) {
            if (sending.compareAndSet(false, true)) {
                remote.sendText(snapshot, result -> sending.set(false));
            }
        }
    }

    private final long periodMs;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    StatsSampler(long periodMs) {
        this.periodMs = periodMs;
    }

    synchronized Watcher watch(ContainerMeters meters, RemoteEndpoint.Async remote) {
        Watcher watcher = new Watcher(meters, remote);
        watchers.add(watcher);
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wharf-samples-stats");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
        }
        return watcher;
    }

    synchronized void unwatch(Watcher watcher) {
        watchers.remove(watcher);
        if (watchers.isEmpty() && timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void tick() {
        Map<ContainerMeters, String> snapshots = new ConcurrentHashMap<>();
        long now = System.currentTimeMillis();
        for (Watcher w : watchers) {
            w.offer(snapshots.computeIfAbsent(w.meters, m -> StatsJson.snapshot(m, now)));
        }
    }
}
