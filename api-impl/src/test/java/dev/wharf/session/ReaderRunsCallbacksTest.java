package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.Reader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A transport whose reader may run endpoint code (Jetty's): whole messages are handled on the thread that read them,
 * with no hand-off; a streamed message's handler, which waits for bytes that thread has yet to read, never is.
 */
class ReaderRunsCallbacksTest {

    private MemoryPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    @Test
    @DisplayName("a whole message is handled, and answered, on the reader's thread before onBytes returns")
    void wholeMessageRunsOnTheReader() throws Exception {
        BlockingQueue<Thread> handledOn = new java.util.concurrent.LinkedBlockingQueue<>();
        peer = MemoryPeer.readerRunsCallbacks(new ContainerDefaults(), events -> endpoint(events, session ->
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    handledOn.add(Thread.currentThread());
                    reply(session, "re:" + text);
                })));
        open();
        // Bytes that race onOpen are kept and fed by the dispatcher after it; one answered message means the session
        // is past that and the reader feeds the engine itself.
        peer.clientSends(peer.client().encodeText("first", true));
        assertEquals("text:re:first", peer.next(peer.received));
        // The pool turn that ran onOpen and "first" may still be finishing; a reader that finds a turn running leaves
        // its callbacks to that turn, so wait for the turn to end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!peer.session.callbacksIdle() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(peer.session.callbacksIdle(), "the pool turn that ran onOpen did not end within 10 s");
        handledOn.clear();

        peer.clientSends(peer.client().encodeText("hi", true));

        assertSame(Thread.currentThread(), handledOn.poll(), "handled right where the bytes were read");
        assertEquals("text:re:hi", peer.received.poll(), "the reply was written before onBytes returned");
    }

    @Test
    @DisplayName("issue #19: while the peer is behind (a write outstanding), the reader hands callbacks to the pool")
    void peerBehindHandsOff() throws Exception {
        CompletableFuture<Thread> handledOn = new CompletableFuture<>();
        peer = MemoryPeer.readerRunsCallbacks(new ContainerDefaults(), events -> endpoint(events, session ->
                session.addMessageHandler(String.class,
                        (MessageHandler.Whole<String>) text -> handledOn.complete(Thread.currentThread()))));
        open();
        peer.stall();
        peer.session.getAsyncRemote().sendText("not taken"); // the peer does not read: the write stays outstanding

        peer.clientSends(peer.client().encodeText("hi", true));

        // A send from this callback would wait for the peer: it must not hold the host's reading thread meanwhile.
        assertNotSame(Thread.currentThread(), handledOn.get(10, TimeUnit.SECONDS));
        peer.resume();
    }

    @Test
    @DisplayName("onOpen runs on the thread that opens the session, before open() returns")
    void onOpenRunsOnTheOpeningThread() {
        CompletableFuture<Thread> openedOn = new CompletableFuture<>();
        peer = MemoryPeer.readerRunsCallbacks(new ContainerDefaults(), events -> endpoint(events,
                session -> openedOn.complete(Thread.currentThread())));
        peer.session.open();
        assertSame(Thread.currentThread(), openedOn.getNow(null));
        assertEquals("open", peer.endpointEvents.poll());
    }

    @Test
    @DisplayName("without that permission the same message goes to a callback thread")
    void otherTransportsHandOff() throws Exception {
        CompletableFuture<Thread> handledOn = new CompletableFuture<>();
        peer = new MemoryPeer(new ContainerDefaults(), events -> endpoint(events, session ->
                session.addMessageHandler(String.class,
                        (MessageHandler.Whole<String>) text -> handledOn.complete(Thread.currentThread()))));
        open();

        peer.clientSends(peer.client().encodeText("hi", true));

        assertNotSame(Thread.currentThread(), handledOn.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("a streamed message's Reader handler runs on a callback thread and reads parts fed after it started")
    void streamedHandlerIsNotRunOnTheReader() throws Exception {
        CompletableFuture<Thread> handledOn = new CompletableFuture<>();
        CompletableFuture<String> read = new CompletableFuture<>();
        peer = MemoryPeer.readerRunsCallbacks(new ContainerDefaults(), events -> endpoint(events, session ->
                session.addMessageHandler(Reader.class, (MessageHandler.Whole<Reader>) reader -> {
                    handledOn.complete(Thread.currentThread());
                    try {
                        read.complete(new String(readAll(reader)));
                    } catch (IOException e) {
                        read.completeExceptionally(e);
                    }
                })));
        open();

        // If the first part's handler ran here, the reader would wait for the second part, which this thread sends:
        // the test would hang instead of reaching the next line.
        peer.clientSends(peer.client().encodeText("first ", false));
        peer.clientSends(peer.client().encodeText("second", true)); // a continuation frame

        assertEquals("first second", read.get(10, TimeUnit.SECONDS));
        assertNotSame(Thread.currentThread(), handledOn.get());
    }

    private void open() throws InterruptedException {
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
    }

    private static char[] readAll(Reader reader) throws IOException {
        StringBuilder all = new StringBuilder();
        char[] chunk = new char[64];
        for (int n; (n = reader.read(chunk)) >= 0; ) {
            all.append(chunk, 0, n);
        }
        return all.toString().toCharArray();
    }

    private static void reply(Session session, String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Endpoint endpoint(BlockingQueue<String> events, java.util.function.Consumer<Session> handlers) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                handlers.accept(session);
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close");
            }
        };
    }
}
