package dev.wharf.servlet.e2e;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty's WebSocket client as a test client: whole messages and pongs land in queues, the close in a future.
 * Public because Jetty binds listener methods through a public lookup.
 */
public final class JettyClient implements Session.Listener.AutoDemanding, AutoCloseable {

    record Close(int code, String reason) {}

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private Session session;

    /** A started client that accepts the suite's largest messages. */
    static WebSocketClient newClient() throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.setMaxTextMessageSize(64L * 1024 * 1024);
        client.setMaxBinaryMessageSize(64L * 1024 * 1024);
        client.start();
        return client;
    }

    static JettyClient connect(WebSocketClient client, URI uri) throws Exception {
        JettyClient listener = new JettyClient();
        listener.session = client.connect(listener, uri).get(10, TimeUnit.SECONDS);
        return listener;
    }

    Session session() {
        return session;
    }

    void sendText(String message) throws Exception {
        Callback.Completable done = new Callback.Completable();
        session.sendText(message, done);
        done.get(30, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] message) throws Exception {
        Callback.Completable done = new Callback.Completable();
        session.sendBinary(ByteBuffer.wrap(message), done);
        done.get(30, TimeUnit.SECONDS);
    }

    void sendPing(byte[] payload) throws Exception {
        Callback.Completable done = new Callback.Completable();
        session.sendPing(ByteBuffer.wrap(payload), done);
        done.get(10, TimeUnit.SECONDS);
    }

    Object next() throws InterruptedException {
        Object message = messages.poll(30, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 30 s; closed=" + closed);
        }
        return message;
    }

    @Override
    public void onWebSocketText(String message) {
        messages.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        messages.add(bytes);
        callback.succeed();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        pongs.add(bytes);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.completeExceptionally(cause);
    }

    @Override
    public void close() {
        if (session != null && session.isOpen()) {
            session.disconnect();
        }
    }
}
