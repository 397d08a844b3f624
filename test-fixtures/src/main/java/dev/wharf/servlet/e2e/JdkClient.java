package dev.wharf.servlet.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * The JDK's {@link WebSocket} as a test client, independent of Wharf: whole messages land in a queue (text as
 * {@code String}, binary as {@code byte[]}), the server's close in a future. With {@code autoDemand} false the test
 * paces reading itself, one whole message per {@link #request(long)}: the parts of a message are always demanded
 * automatically. Every wait has a timeout. {@link #close()} drops the connection; {@link #closeNormally()} closes
 * it with 1000.
 *
 * <p>The one JDK client of every module's tests (module {@code test-fixtures}, a test-scoped dependency); it keeps
 * the package of the servlet bridge's end-to-end tests, where it started. Not user API.
 */
public final class JdkClient implements WebSocket.Listener, AutoCloseable {

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** One client per trust context: an {@code HttpClient} owns a selector thread. */
    private static final ConcurrentHashMap<SSLContext, HttpClient> HTTPS = new ConcurrentHashMap<>();

    /** The server's close frame. */
    public record Close(int code, String reason) {}

    /** Whole messages as they arrived: {@code String} for text, {@code byte[]} for binary. */
    public final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    /** The server's close, or the connection's failure. */
    public final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final boolean autoDemand;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket ws;

    private JdkClient(boolean autoDemand) {
        this.autoDemand = autoDemand;
    }

    public static JdkClient connect(URI uri) throws Exception {
        return connect(uri, true);
    }

    public static JdkClient connect(URI uri, boolean autoDemand) throws Exception {
        JdkClient client = new JdkClient(autoDemand);
        client.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Connects offering {@code subprotocols} (RFC 6455 §4.1 {@code Sec-WebSocket-Protocol}), in that order. */
    public static JdkClient connect(URI uri, List<String> subprotocols) throws Exception {
        JdkClient client = new JdkClient(true);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size())
                    .toArray(String[]::new));
        }
        client.ws = builder.buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Connects to a {@code wss://} URI, trusting what {@code tls} trusts. */
    public static JdkClient connect(URI uri, SSLContext tls) throws Exception {
        HttpClient https = HTTPS.computeIfAbsent(tls, context -> HttpClient.newBuilder().sslContext(context)
                .connectTimeout(Duration.ofSeconds(10)).build());
        JdkClient client = new JdkClient(true);
        client.ws = https.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Connects with one extra request header (e.g. BASIC credentials; the JDK client refuses to set Origin). */
    public static JdkClient connect(URI uri, String headerName, String headerValue) throws Exception {
        JdkClient client = new JdkClient(true);
        client.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header(headerName, headerValue)
                .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Starts an asynchronous connect; for many sessions at once. */
    public static CompletableFuture<JdkClient> connectAsync(URI uri) {
        JdkClient client = new JdkClient(true);
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).buildAsync(uri, client)
                .thenApply(ws -> {
                    client.ws = ws;
                    return client;
                });
    }

    public WebSocket ws() {
        return ws;
    }

    /** The subprotocol the server chose, empty for none. */
    public String subprotocol() {
        return ws.getSubprotocol();
    }

    public void request(long n) {
        ws.request(n);
    }

    public void sendText(String message) throws Exception {
        ws.sendText(message, true).get(30, TimeUnit.SECONDS);
    }

    public void sendBinary(byte[] message) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(message), true).get(30, TimeUnit.SECONDS);
    }

    /** Sends one fragment of a text message; {@code last} ends the message. */
    public void sendText(String part, boolean last) throws Exception {
        ws.sendText(part, last).get(30, TimeUnit.SECONDS);
    }

    /** Sends one fragment of a binary message; {@code last} ends the message. */
    public void sendBinary(byte[] part, boolean last) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(part), last).get(30, TimeUnit.SECONDS);
    }

    /** Sends an unsolicited pong (RFC 6455 §5.5.3: a unidirectional heartbeat). */
    public void sendPong(byte[] data) throws Exception {
        ws.sendPong(ByteBuffer.wrap(data)).get(30, TimeUnit.SECONDS);
    }

    public String nextText() throws Exception {
        Object message = next();
        if (!(message instanceof String s)) {
            throw new AssertionError("expected a text message, got " + describe(message));
        }
        return s;
    }

    /** Skips text messages until one matches, and returns it. */
    public String nextTextMatching(Predicate<String> wanted) throws Exception {
        while (true) {
            String text = nextText();
            if (wanted.test(text)) {
                return text;
            }
        }
    }

    public byte[] nextBinary() throws Exception {
        Object message = next();
        if (!(message instanceof byte[] b)) {
            throw new AssertionError("expected a binary message, got " + describe(message));
        }
        return b;
    }

    /** The next whole message, text ({@code String}) or binary ({@code byte[]}), waiting up to 30 s for it. */
    public Object next() throws InterruptedException {
        Object message = messages.poll(30, TimeUnit.SECONDS);
        if (message == null) {
            // Say how the connection ended, if it did: who closed, with which code and reason.
            throw new AssertionError("no message within 30 s; closed=" + closed.handle(
                    (close, error) -> close != null ? close : "failed: " + error).getNow("no"));
        }
        return message;
    }

    private static String describe(Object message) {
        return message instanceof String s ? "text of " + s.length() + " chars" : "binary";
    }

    public Close awaitClose() throws Exception {
        return closed.get(30, TimeUnit.SECONDS);
    }

    /** Closes with 1000 (the closing handshake) and returns the server's reply. */
    public Close closeNormally() throws Exception {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
        }
        return awaitClose();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        demand(webSocket, last);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            messages.add(binary.toByteArray());
            binary.reset();
        }
        demand(webSocket, last);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        demand(webSocket, true);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    private void demand(WebSocket webSocket, boolean endOfMessage) {
        if (autoDemand || !endOfMessage) {
            webSocket.request(1);
        }
    }

    /** Drops the connection without a closing handshake (the server sees 1006). */
    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
