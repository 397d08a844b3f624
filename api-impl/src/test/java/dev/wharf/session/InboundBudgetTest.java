package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: received messages waiting for endpoints are bounded for the whole container
 * ({@code maxInboundBytesTotal}), not only per session (4 MiB each, which times a few hundred stuck sessions took a
 * 1 GiB server down).
 */
class InboundBudgetTest {

    private static final String KIB = "x".repeat(1024);

    private MemoryPeer peer;

    @AfterEach
    void shutdown() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    @Test
    @DisplayName("over the container's inbound budget, a reader pauses as soon as a message of its own waits, and resumes once it is taken")
    void readerPausesOverTheContainerBudget() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxInboundBytesTotal(1536); // one 1 KiB message fits, two do not
        CountDownLatch release = new CountDownLatch(1);
        peer = new MemoryPeer(defaults, blockingOnFirstMessage(release));
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        int resumesAfterOpen = peer.resumes.get();

        peer.clientSends(peer.client().encodeText(KIB, true));
        assertEquals("handling", peer.next(peer.endpointEvents)); // the endpoint now holds the first message
        assertEquals(0, peer.suspends.get(), "one message within the budget pauses nothing");
        assertEquals(0, publishedCounter("inbound.budget.exceeded"));
        peer.clientSends(peer.client().encodeText(KIB, true));
        assertEquals(1, peer.suspends.get(), "two messages waiting pass the container's budget: the reader pauses"
                + " (far below the session's own 4 MiB mark)");
        assertEquals(2048, peer.services.inboundBytesWaiting());
        assertEquals(1, publishedCounter("inbound.budget.exceeded"), "the second message is counted with the meters");

        release.countDown();
        awaitHandled(2);
        // A message is uncounted right after its handler returns, just after "handled": wait for that, bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.services.inboundBytesWaiting() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, peer.services.inboundBytesWaiting(), "nothing stays counted");
        assertTrue(peer.resumes.get() > resumesAfterOpen, "reading resumed once the endpoint took the messages");
    }

    @Test
    @DisplayName("without a container budget (0), only the session's own high-water mark pauses the reader")
    void noBudgetNoPause() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxInboundBytesTotal(0);
        CountDownLatch release = new CountDownLatch(1);
        peer = new MemoryPeer(defaults, blockingOnFirstMessage(release));
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        peer.clientSends(peer.client().encodeText(KIB, true));
        assertEquals("handling", peer.next(peer.endpointEvents));
        for (int i = 0; i < 8; i++) {
            peer.clientSends(peer.client().encodeText(KIB, true));
        }
        assertEquals(0, peer.suspends.get());
        release.countDown();
        awaitHandled(9);
    }

    private void awaitHandled(int messages) throws InterruptedException {
        for (int handled = 0; handled < messages; ) {
            if (peer.next(peer.endpointEvents).equals("handled")) {
                handled++;
            }
        }
    }

    /** Reports "open", then "handling" and waits for {@code release} on its first message, "handled" after each. */
    private static Function<BlockingQueue<String>, Endpoint> blockingOnFirstMessage(CountDownLatch release) {
        return events -> new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    events.add("handling");
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.add("handled");
                });
                events.add("open");
            }
        };
    }

    /** A counter the session services publish with the container's meters (docs/METRICS.md), read as JMX would. */
    private long publishedCounter(String name) {
        return peer.services.meters().counters().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not published")).value().getAsLong();
    }
}
