package dev.wharf.samples.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A slow subscriber skips ticks instead of queueing them. */
class SubscriberTest {

    /** An async remote whose sends stay pending until the test completes them. */
    private final List<String> sent = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    private final RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                if (method.getName().equals("sendText") && args.length == 2) {
                    sent.add((String) args[0]);
                    pending.add((SendHandler) args[1]);
                    return null;
                }
                throw new UnsupportedOperationException(method.toString());
            });

    @Test
    void skipsUpdatesWhileThePreviousSendIsPending() {
        Subscriber subscriber = new Subscriber(remote);
        assertTrue(subscriber.offer("tick=1"));
        assertFalse(subscriber.offer("tick=2"));
        assertFalse(subscriber.offer("tick=3"));
        assertEquals(List.of("tick=1"), sent);
        assertEquals(2, subscriber.skipped());

        pending.get(0).onResult(new SendResult());
        assertTrue(subscriber.offer("tick=4"));
        assertEquals(List.of("tick=1", "tick=4"), sent);
    }

    @Test
    void aFailedSendDoesNotBlockLaterUpdates() {
        Subscriber subscriber = new Subscriber(remote);
        subscriber.offer("tick=1");
        pending.get(0).onResult(new SendResult(new java.io.IOException("peer gone")));
        assertTrue(subscriber.offer("tick=2"));
    }

    @Test
    void oneSlowSubscriberDoesNotHoldUpAnother() {
        Subscriber slow = new Subscriber(remote);
        List<String> fastSent = new ArrayList<>();
        Subscriber fast = new Subscriber((RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    fastSent.add((String) args[0]);
                    ((SendHandler) args[1]).onResult(new SendResult()); // completes at once
                    return null;
                }));
        for (int tick = 1; tick <= 3; tick++) {
            slow.offer("tick=" + tick);
            fast.offer("tick=" + tick);
        }
        assertEquals(List.of("tick=1"), sent);
        assertEquals(List.of("tick=1", "tick=2", "tick=3"), fastSent);
    }
}
