package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where the end of a session runs when its reader may not run callbacks (Undertow's I/O thread, Tomcat's dispatch):
 * on a callback thread while it runs application code ({@code onClose}, codecs' {@code destroy}), [WSC-5.1-2]; in
 * place otherwise, so a connection that opens and closes wakes no callback thread for its end (issue #20).
 */
class CloseHandOffTest {

    private MemoryPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    /** Opens a session over {@code endpoint} and waits until the turn that ran onOpen has ended. */
    private void open(Endpoint endpoint, ServerEndpointConfig config) throws InterruptedException {
        peer = new MemoryPeer(new ContainerDefaults(), events -> endpoint, false, config);
        assertFalse(peer.readerMayRunCallbacks(), "the reader of this peer hands callbacks to the pool");
        peer.session.open();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(peer.session.isOpen() && peer.session.callbacksIdle()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(peer.session.callbacksIdle(), "the pool turn that ran onOpen did not end within 10 s");
    }

    private static ServerEndpointConfig plain() {
        return ServerEndpointConfig.Builder.create(Endpoint.class, "/x").build();
    }

    /** An endpoint with onOpen only: {@link Endpoint#onClose} stays the empty default. */
    private static Endpoint withoutOnClose() {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }
        };
    }

    @Test
    @DisplayName("[issue #20] no onClose of its own: the peer's close ends the session on the reading thread")
    void endWithoutApplicationCodeRunsOnTheReader() throws Exception {
        open(withoutOnClose(), plain());

        peer.clientSends(peer.client().encodeClose(1000, "bye"));

        // A callback thread could not have ended it yet in the usual case; in place, it has, before onBytes returned.
        assertTrue(peer.session.awaitClosed(0), "ended before onBytes returned, right where it was read");
        assertFalse(peer.session.isOpen());
        assertEquals("close:1000:", peer.next(peer.received), "the close reply went out");
    }

    @Test
    @DisplayName("[issue #20] a close action (rooms, attachments: it may call a store) keeps the end on a callback thread")
    void closeActionsKeepTheEndOnTheDispatcher() throws Exception {
        open(withoutOnClose(), plain());
        BlockingQueue<Thread> endedOn = new LinkedBlockingQueue<>();
        peer.session.whenClosed(() -> endedOn.add(Thread.currentThread()));

        peer.clientSends(peer.client().encodeClose(1000, "bye"));

        Thread thread = endedOn.poll(10, TimeUnit.SECONDS);
        assertTrue(thread != null, "the close action ran");
        assertNotSame(Thread.currentThread(), thread, "not on the reading thread, which may be a host's I/O thread");
    }

    @Test
    @DisplayName("[WSC-5.1-2] an onClose of its own still runs on a callback thread, never on the reader")
    void onCloseStillRunsOnTheDispatcher() throws Exception {
        BlockingQueue<Thread> onCloseOn = new LinkedBlockingQueue<>();
        open(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                onCloseOn.add(Thread.currentThread());
            }
        }, plain());

        peer.clientSends(peer.client().encodeClose(1000, "bye"));

        Thread thread = onCloseOn.poll(10, TimeUnit.SECONDS);
        assertTrue(thread != null, "onClose ran");
        assertNotSame(Thread.currentThread(), thread);
    }

    /** Records the thread its destroy() runs on. */
    public static final class RecordingDecoder implements Decoder.Text<Integer> {
        static final BlockingQueue<Thread> DESTROYED_ON = new LinkedBlockingQueue<>();

        @Override
        public Integer decode(String s) {
            return Integer.valueOf(s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }

        @Override
        public void destroy() {
            DESTROYED_ON.add(Thread.currentThread());
        }
    }

    @Test
    @DisplayName("[WSC-5.1-2] a codec's destroy() is application code: it runs on a callback thread even without onClose")
    void codecDestroyStillRunsOnTheDispatcher() throws Exception {
        RecordingDecoder.DESTROYED_ON.clear();
        open(withoutOnClose(), ServerEndpointConfig.Builder.create(Endpoint.class, "/x")
                .decoders(List.of(RecordingDecoder.class)).build());

        peer.clientSends(peer.client().encodeClose(1000, "bye"));

        Thread thread = RecordingDecoder.DESTROYED_ON.poll(10, TimeUnit.SECONDS);
        assertTrue(thread != null, "destroy ran");
        assertNotSame(Thread.currentThread(), thread);
    }
}
