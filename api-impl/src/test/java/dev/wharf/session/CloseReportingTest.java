package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@code onClose} is told and when {@code isOpen()} turns false: the code per cause of the close (spec 2.1.5,
 * [WSC-4.7.1-1]), an {@code onClose} failure reaching {@code onError} [WSC-5.2.2-2], and messages that arrive before
 * their handler.
 */
class CloseReportingTest {

    private MemoryPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    private MemoryPeer open(ContainerDefaults defaults, java.util.function.Function<BlockingQueue<String>,
            Endpoint> endpoint) throws InterruptedException {
        peer = new MemoryPeer(defaults, endpoint);
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        return peer;
    }

    /** Records its lifecycle; onClose waits for {@code release} (so a test can look at the session meanwhile). */
    private static Endpoint slowToClose(BlockingQueue<String> events, CountDownLatch release) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) events::add);
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close:" + reason.getCloseCode().getCode() + ":" + session.isOpen());
                try {
                    session.getBasicRemote().sendText("too late"); // the session works, sending does not
                    events.add("sent after close");
                } catch (java.io.IOException e) {
                    events.add("send refused");
                }
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.add("close done");
            }
        };
    }

    @Test
    @DisplayName("[Session.isOpen] after the application's close(), isOpen() turns false only once onClose returned")
    void isOpenOutlastsOnCloseAfterLocalClose() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryPeer p = open(new ContainerDefaults(), events -> slowToClose(events, release));
        p.session.close();
        assertEquals("close:1000:true", p.next(p.endpointEvents), "onClose runs while the session still says open");
        assertEquals("send refused", p.next(p.endpointEvents));
        assertTrue(p.session.isOpen(), "onClose has not returned yet");
        release.countDown();
        assertEquals("close done", p.next(p.endpointEvents));
        assertTrue(p.session.awaitClosed(5000));
        assertFalse(p.session.isOpen());
    }

    @Test
    @DisplayName("[Session.isOpen] after the peer's close, isOpen() turns false only once onClose returned")
    void isOpenOutlastsOnCloseAfterPeerClose() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryPeer p = open(new ContainerDefaults(), events -> slowToClose(events, release));
        p.clientSends(p.client().encodeClose(1000, "bye"));
        assertEquals("close:1000:true", p.next(p.endpointEvents));
        assertEquals("send refused", p.next(p.endpointEvents));
        assertEquals("close:1000:", p.next(p.received), "the close reply does not wait for onClose");
        assertTrue(p.session.isOpen(), "onClose has not returned yet");
        release.countDown();
        assertTrue(p.session.awaitClosed(5000));
        assertFalse(p.session.isOpen());
    }

    @Test
    @DisplayName("[WSC-5.2.2-2] an exception thrown by a programmatic onClose reaches onError before isOpen() is false")
    void onCloseFailureReachesOnError() throws Exception {
        MemoryPeer p = open(new ContainerDefaults(), events -> new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close:" + reason.getReasonPhrase());
                throw new ArithmeticException("onClose failed on purpose");
            }

            @Override
            public void onError(Session session, Throwable error) {
                events.add("error:" + error.getMessage() + ":" + session.isOpen());
            }
        });
        p.session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "with reason"));
        assertEquals("close:with reason", p.next(p.endpointEvents));
        assertEquals("error:onClose failed on purpose:true", p.next(p.endpointEvents));
        assertTrue(p.session.awaitClosed(5000));
        assertFalse(p.session.isOpen());
    }

    @Test
    @DisplayName("[WSC-4.7.1-1] a message over the size limit closes with 1009, and onClose sees 1009 too")
    void tooBigIsReportedAs1009() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxTextMessageBufferSize(5);
        MemoryPeer p = open(defaults, MemoryPeer::recordingEcho);
        p.clientSends(p.client().encodeText("123456", true));
        assertTrue(p.next(p.received).startsWith("close:1009:"));
        String closed = p.next(p.endpointEvents);
        assertTrue(closed.startsWith("close:1009:"), closed);
    }

    @Test
    @DisplayName("[WSC 2.1.5-1] the idle timeout, which no peer data caused, still reports 1006 with a reason")
    void idleTimeoutIsReportedAs1006() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxIdleTimeoutMs(200);
        MemoryPeer p = open(defaults, MemoryPeer::recordingEcho);
        assertTrue(p.next(p.received).startsWith("close:1001:"));
        String closed = p.next(p.endpointEvents);
        assertTrue(closed.startsWith("close:1006:idle for more than 200 ms"), closed);
    }

    @Test
    @DisplayName("a message with no handler for its type is dropped; the session stays open for later handlers")
    void messageBeforeItsHandlerIsDropped() throws Exception {
        BlockingQueue<String> late = new java.util.concurrent.LinkedBlockingQueue<>();
        MemoryPeer p = open(new ContainerDefaults(), events -> new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                // Only pongs are handled at first; a pong adds the text handler, in message order.
                session.addMessageHandler(jakarta.websocket.PongMessage.class,
                        (MessageHandler.Whole<jakarta.websocket.PongMessage>) pong ->
                                session.addMessageHandler(String.class, late::add));
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close:" + reason.getCloseCode().getCode());
            }
        });
        p.clientSends(p.client().encodeText("nobody listens", true));
        p.clientSends(p.client().encodeBinary(java.nio.ByteBuffer.wrap(new byte[3]), true));
        p.clientSends(p.client().encodePong(java.nio.ByteBuffer.allocate(0)));
        p.clientSends(p.client().encodeText("now heard", true));
        assertEquals("now heard", p.next(late));
        assertTrue(p.session.isOpen());
        assertEquals(null, p.received.poll(), "no close frame was sent");
        assertEquals(null, p.endpointEvents.poll(), "no close was reported");
    }
}
