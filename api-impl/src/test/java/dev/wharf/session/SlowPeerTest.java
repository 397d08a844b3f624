package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A peer that stops reading (the in-memory transport stops completing writes): blocking sends time out instead of
 * hanging, every asynchronous send's handler and future completes, and the send timeouts close the session.
 * Nothing sleeps: the timeouts are small and the tests wait on the outcomes.
 */
class SlowPeerTest {

    private MemoryPeer peer;

    private MemoryPeer open(ContainerDefaults defaults) throws InterruptedException {
        peer = MemoryPeer.openedEcho(defaults);
        return peer;
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    @Test
    @DisplayName("a blocking send to a peer that stops reading fails after the blocking send timeout; 1008 follows")
    void blockingSendTimesOutAndCloses() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.blockingSendTimeoutMs(200);
        MemoryPeer p = open(defaults);
        p.stall();
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class,
                () -> remote.sendText("never read"));
        assertTrue(timedOut.getMessage().contains("200 ms"), timedOut.getMessage());
        assertThrows(IOException.class, () -> remote.sendText("refused"),
                "the session is closed, not left half-usable");
        String closed = p.next(p.endpointEvents);
        assertTrue(closed.startsWith("close:1006:blocking send not completed"), closed);
        assertTrue(p.session.awaitClosed(5000));
        assertFalse(p.session.isOpen(), "isOpen() turns false once onClose has run");
        // When the peer reads again, it gets what was queued and then the policy-violation close.
        p.resume();
        assertEquals("text:never read", p.next(p.received));
        assertTrue(p.next(p.received).startsWith("close:1008:"));
    }

    @Test
    @DisplayName("async sends queued behind a stalled write all complete, with an error, when the session closes")
    void queuedAsyncSendsCompleteWhenTheSessionCloses() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.closeTimeoutMs(200); // the close reply cannot come: the peer reads nothing
        MemoryPeer p = open(defaults);
        p.stall();
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        BlockingQueue<SendResult> results = new LinkedBlockingQueue<>();
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(remote.sendText("f" + i));
            remote.sendBinary(ByteBuffer.wrap(new byte[10]), results::add);
        }
        p.session.close();
        for (int i = 0; i < 5; i++) {
            SendResult r = results.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "a SendHandler was never called");
            assertFalse(r.isOK());
            assertNotNull(r.getException());
        }
        for (Future<Void> f : futures) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof IOException, String.valueOf(failed.getCause()));
        }
        assertEquals("close:1000:", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("an async send after the session closed completes at once with an error")
    void asyncSendAfterCloseFails() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        p.session.close();
        BlockingQueue<SendResult> results = new LinkedBlockingQueue<>();
        remote.sendText("late", results::add);
        SendResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r);
        assertFalse(r.isOK());
        Future<Void> f = remote.sendText("later");
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("RemoteEndpoint.Async.setSendTimeout is honoured: a stalled async send fails and the session closes")
    void asyncSendTimeoutIsHonoured() throws Exception {
        MemoryPeer p = open(new ContainerDefaults()); // container default: 30 s
        p.stall();
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        remote.setSendTimeout(150);
        assertEquals(150, remote.getSendTimeout());
        BlockingQueue<SendResult> results = new LinkedBlockingQueue<>();
        remote.sendText("stuck", results::add);
        Future<Void> behind = remote.sendText("behind it");
        SendResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the send timeout did not fire");
        assertFalse(r.isOK());
        assertThrows(ExecutionException.class, () -> behind.get(10, TimeUnit.SECONDS));
        String closed = p.next(p.endpointEvents);
        assertTrue(closed.startsWith("close:1006:peer took no data for 150 ms"), closed);
        assertTrue(p.session.awaitClosed(5000));
        assertFalse(p.session.isOpen());
    }

    @Test
    @DisplayName("the async send timeout set on the container is every new session's default")
    void containerAsyncSendTimeoutIsTheDefault() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.asyncSendTimeoutMs(150);
        MemoryPeer p = open(defaults);
        assertEquals(150, p.session.getAsyncRemote().getSendTimeout());
        p.stall();
        Future<Void> stuck = p.session.getAsyncRemote().sendText("stuck");
        assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
        assertTrue(p.next(p.endpointEvents).startsWith("close:1006:peer took no data"));
    }
}
