package dev.wharf.boot.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's WebSocket client, collecting whole text messages; a closing or failing server ends the wait early. */
final class TextClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The server's close, as it lands in the queue. */
    record Closed(int code, String reason) {}

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;

    private TextClient(String uri) throws Exception {
        this.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(uri), this).get(15, TimeUnit.SECONDS);
    }

    static TextClient connect(String uri) throws Exception {
        return new TextClient(uri);
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** The next whole text message; fails on a timeout, a close or an error. */
    String next() throws InterruptedException {
        Object message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        if (message instanceof String text) {
            return text;
        }
        received.add(message);
        throw new AssertionError("connection ended instead: " + message);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        received.add(error);
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        ws.abort();
    }
}
