package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Session behaviour over an in-memory transport: closing, ordering, partial messages, slow peers. */
class WebSocketSessionTest {

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
    @DisplayName("[WSC 2.1.5-1] a peer's close reaches onClose with its code and reason, and is echoed")
    void peerCloseIsReportedAndEchoed() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.clientSends(p.client().encodeClose(4001, "bye"));
        assertEquals("close:4001:", p.next(p.received)); // RFC 6455 §5.5.1: the echo carries the code
        assertEquals("close:4001:bye", p.next(p.endpointEvents));
        assertTrue(p.session.awaitClosed(5000));
        assertTrue(p.closed, "the server closes the connection after the closing handshake");
        assertFalse(p.session.isOpen());
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: replies to messages received before the peer's close go out before the close reply")
    void repliesPrecedeTheCloseReply() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        ByteBuffer[] text = p.client().encodeText("last words", true);
        ByteBuffer[] close = p.client().encodeClose(1000, "");
        List<ByteBuffer> both = new ArrayList<>(List.of(text));
        both.addAll(List.of(close));
        p.clientSends(both.toArray(new ByteBuffer[0]));
        assertEquals("text:last words", p.next(p.received));
        assertEquals("close:1000:", p.next(p.received));
        assertEquals("close:1000:", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("Session.close(reason) sends that close frame and onClose sees that reason")
    void applicationCloseSendsItsReason() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4002), "done"));
        assertEquals("close:4002:done", p.next(p.received));
        assertEquals("close:4002:done", p.next(p.endpointEvents));
        assertTrue(p.session.awaitClosed(5000)); // closed for the Session API once onClose returned
        assertThrows(IllegalStateException.class, p.session::getBasicRemote, "Session javadoc: closed → ISE");
        p.session.close(); // closing again does nothing
    }

    @Test
    @DisplayName("a protocol violation closes with 1002 on the wire and to onClose (the peer's data broke the rule)")
    void protocolViolationReportsItsCode() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        // RFC 6455 §5.1: a server must fail on an unmasked client frame.
        p.session.onBytes(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x01, 'x'}));
        String sent = p.next(p.received);
        assertTrue(sent.startsWith("close:1002:"), sent);
        String closed = p.next(p.endpointEvents);
        assertTrue(closed.startsWith("close:1002:unmasked"), closed);
    }

    @Test
    @DisplayName("a connection that ends without a close frame reports 1006 exactly once")
    void transportEndReports1006Once() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.session.onInputEnd(new IOException("reset"));
        p.session.onInputEnd(null);
        assertTrue(p.next(p.endpointEvents).startsWith("close:1006:"));
        assertTrue(p.session.awaitClosed(5000));
        assertEquals(null, p.endpointEvents.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("messages are delivered in order and a blocking send from the handler does not deadlock")
    void echoesInOrder() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        for (int i = 0; i < 200; i++) {
            p.clientSends(p.client().encodeText("m" + i, true));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals("text:m" + i, p.next(p.received));
        }
    }

    @Test
    @DisplayName("whole messages sent from many threads at once are queued, never interleaved or refused")
    void concurrentWholeMessagesAreQueued() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            sends.add(threads.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    remote.sendText(thread + ":" + i);
                }
                return null;
            }));
        }
        for (Future<?> f : sends) {
            f.get(20, TimeUnit.SECONDS);
        }
        threads.shutdown();
        Map<Integer, Integer> nextPerThread = new HashMap<>();
        for (int n = 0; n < 800; n++) {
            String[] parts = p.next(p.received).substring("text:".length()).split(":");
            int thread = Integer.parseInt(parts[0]);
            int expected = nextPerThread.getOrDefault(thread, 0);
            assertEquals(expected, Integer.parseInt(parts[1]), "thread " + thread + " out of order");
            nextPerThread.put(thread, expected + 1);
        }
    }

    @Test
    @DisplayName("another thread's whole message waits for a partial message; its owner may not interleave")
    void partialMessageBelongsToItsThread() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        remote.sendText("Hel", false);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> remote.sendText("x"));
        assertTrue(refused.getMessage().contains("partial text message is unfinished"), refused.getMessage());
        CountDownLatch otherDone = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                remote.sendText("after");
                otherDone.countDown();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        other.start();
        assertFalse(otherDone.await(200, TimeUnit.MILLISECONDS), "must wait for the partial message");
        remote.sendText("lo", true);
        assertTrue(otherDone.await(5, TimeUnit.SECONDS));
        assertEquals("text:Hello", p.next(p.received));
        assertEquals("text:after", p.next(p.received));
    }

    @Test
    @DisplayName("a peer that stops reading: the send queue's byte bound closes the session with 1008")
    void sendQueueBoundClosesSession() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxSendQueueBytes(64 * 1024);
        MemoryPeer p = open(defaults);
        p.stall();
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
        List<Future<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(remote.sendBinary(ByteBuffer.wrap(chunk)));
        }
        String closed = p.next(p.endpointEvents);
        assertTrue(closed.startsWith("close:1006:send queue over its limit"), closed);
        p.abort();
        for (Future<Void> f : sent) {
            // Every future completes, with success or the error.
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // failed sends are fine; hanging ones are not
            }
        }
    }

    @Test
    @DisplayName("[WSC 2.1.5-1] the idle timeout sends 1001 and reports 1006 to onClose")
    void idleTimeoutClosesWith1001() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.session.setMaxIdleTimeout(100);
        assertTrue(p.next(p.received).startsWith("close:1001:"));
        assertTrue(p.next(p.endpointEvents).startsWith("close:1006:idle"));
    }

    @Test
    @DisplayName("a session's remotes are made on first use, once: racing first calls get the same instance")
    void remotesAreOnePerSession() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RemoteEndpoint[]>> seen = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                seen.add(pool.submit(() -> {
                    start.await();
                    return new RemoteEndpoint[] {p.session.getAsyncRemote(), p.session.getBasicRemote()};
                }));
            }
            start.countDown();
            for (Future<RemoteEndpoint[]> f : seen) {
                RemoteEndpoint[] remotes = f.get(5, TimeUnit.SECONDS);
                assertSame(p.session.getAsyncRemote(), remotes[0]);
                assertSame(p.session.getBasicRemote(), remotes[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("the async send timeout starts from the container default when the session was made, not when first asked")
    void asyncSendTimeoutIsTheSessionsOwn() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.asyncSendTimeoutMs(1234);
        MemoryPeer p = open(defaults);
        defaults.asyncSendTimeoutMs(999);
        assertEquals(1234, p.session.getAsyncRemote().getSendTimeout());
        p.session.getAsyncRemote().setSendTimeout(77);
        assertEquals(77, p.session.getAsyncRemote().getSendTimeout());
    }

    @Test
    @DisplayName("getRequestURI gives the handshake's URI, parsed from the text the session keeps")
    void requestUriIsParsedOnDemand() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        assertEquals(URI.create("ws://localhost/x"), p.session.getRequestURI());
        assertEquals(p.session.getRequestURI(), p.session.getRequestURI());
    }

    @Test
    @DisplayName("close actions and waits registered before or after the close all see it, the actions once each")
    void closeWaitersBeforeAndAfterTheClose() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        AtomicInteger before = new AtomicInteger();
        CountDownLatch beforeRan = new CountDownLatch(1);
        p.session.whenClosed(() -> {
            before.incrementAndGet();
            beforeRan.countDown();
        });
        assertEquals(0, before.get());
        assertFalse(p.session.awaitClosed(0), "nothing closed yet");
        p.clientSends(p.client().encodeClose(1000, ""));
        assertTrue(p.session.awaitClosed(5000));
        assertTrue(p.session.awaitConnectionEnded(5000));
        // Waiters wake as soon as onClose has run; the actions run right after, on the thread that ran it.
        assertTrue(beforeRan.await(5, TimeUnit.SECONDS));
        assertEquals(1, before.get());
        AtomicInteger after = new AtomicInteger();
        p.session.whenClosed(after::incrementAndGet); // already closed: runs at once, here
        assertEquals(1, after.get());
        assertTrue(p.session.awaitClosed(0));
        assertEquals(1, before.get());
    }
}
