package dev.wharf.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A programmatic client endpoint recording what happens, for tests to wait on. */
public class Events extends Endpoint {

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Session> opened = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();
    volatile String openThreadLoader;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        openThreadLoader = String.valueOf(Thread.currentThread().getContextClassLoader());
        session.addMessageHandler(String.class, messages::add);
        session.addMessageHandler(ByteBuffer.class, messages::add);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) messages::add);
        opened.complete(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        closed.complete(closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        error.complete(thr);
    }

    Object next() throws InterruptedException {
        Object m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 10 s");
        }
        return m;
    }

    CloseReason awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
