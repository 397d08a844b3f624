package dev.wharf.samples.feed;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Clock;

/**
 * A live feed: the server pushes a tick every second to every subscriber with asynchronous sends. A subscriber
 * whose previous update is still on its way skips the tick (see {@link Subscriber}). Clients only listen.
 */
@ServerEndpoint("/feed")
public class FeedEndpoint {

    static final long PERIOD_MS = 1000;

    // One ticker per web application, shared by the per-connection endpoint instances.
    private static final Ticker TICKER = new Ticker(PERIOD_MS, Clock.systemUTC());

    private Subscriber subscriber;

    @OnOpen
    public void open(Session session) {
        subscriber = new Subscriber(session.getAsyncRemote());
        TICKER.subscribe(subscriber);
    }

    @OnClose
    public void close() {
        TICKER.unsubscribe(subscriber);
    }
}
