package dev.wharf.samples.feed;

import jakarta.websocket.RemoteEndpoint;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One feed subscriber with at most one update in flight. An update offered while the previous one is still being
 * sent is dropped, not queued: a slow subscriber misses ticks, it never builds up a backlog or delays the others.
 */
final class Subscriber {

    private final RemoteEndpoint.Async remote;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicLong skipped = new AtomicLong();

    Subscriber(RemoteEndpoint.Async remote) {
        this.remote = remote;
    }

    /** Starts sending {@code update} unless a send is pending; returns whether it did. Never blocks. */
    boolean offer(String update) {
        if (!sending.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            return false;
        }
        // Failed or not, the send is over: a closing session is removed by @OnClose, not here.
        remote.sendText(update, result -> sending.set(false));
        return true;
    }

    long skipped() {
        return skipped.get();
    }
}
