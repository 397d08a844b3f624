package dev.wharf.samples.server;

import dev.wharf.metrics.WharfMetrics;
import dev.wharf.rooms.KeepAlive;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;

/**
 * Feeds the "server" page: once a second, the container's own meters (docs/METRICS.md) as one JSON line, the same
 * figures JMX and Micrometer show. The page draws connections, messages per second, closes by code and queued bytes.
 * Its own connection is pinged every second (the browser answers), so the page shows a ping round trip too.
 */
@ServerEndpoint("/server-stats")
public class ServerStatsEndpoint {

    static final long PERIOD_MS = 1000;

    // One sampler per web application, shared by the per-connection endpoint instances.
    private static final StatsSampler SAMPLER = new StatsSampler(PERIOD_MS);

    private StatsSampler.Watcher watcher;

    @OnOpen
    public void open(Session session) {
        KeepAlive.set(session, Duration.ofMillis(PERIOD_MS), Duration.ofSeconds(30));
        watcher = SAMPLER.watch(WharfMetrics.of(session.getContainer()), session.getAsyncRemote());
    }

    @OnClose
    public void close() {
        SAMPLER.unwatch(watcher);
    }
}
