package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JDK {@link WebSocket} that queues what it receives, for tests: whole text messages as {@code String}, whole
 * binary ones as {@code ByteBuffer}. It asks for one message at a time and for the next as soon as one arrives, so a
 * test never has to remember {@code request(n)}; every wait has a timeout.
 */
public final class WsClient implements AutoCloseable {

    static final long TIMEOUT_S = 10;

    /** The close the server sent. */
    public record Closed(int code, String reason) {}

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new Collector())
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    public static WsClient connect(URI uri) throws Exception {
        return new WsClient(uri);
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    public void send(ByteBuffer data) throws Exception {
        socket.sendBinary(data, true).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** The next message, text or binary; fails the test after the timeout. */
    public Object next() throws InterruptedException {
        Object message = messages.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(message, "no message within " + TIMEOUT_S + " s");
        return message;
    }

    public String nextText() throws InterruptedException {
        return (String) next();
    }

    /** Skips text messages until one matches; returns it. */
    public String nextTextMatching(Predicate<String> wanted) throws InterruptedException {
        while (true) {
            String text = nextText();
            if (wanted.test(text)) {
                return text;
            }
        }
    }

    /** The server's close frame, waiting for it. */
    public Closed closed() throws Exception {
        return closed.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Closes with 1000 and waits for the server's answer. */
    @Override
    public void close() throws Exception {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        if (!closed.isDone()) {
            closed();
        }
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            binary = joined.put(binary).put(data).flip();
            if (last) {
                messages.add(binary);
                binary = ByteBuffer.allocate(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
