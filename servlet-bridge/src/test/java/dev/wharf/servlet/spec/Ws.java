package dev.wharf.servlet.spec;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A test client over the JDK's {@link WebSocket}: whole messages land in a queue (text as {@code String}, binary as
 * {@code byte[]}), the close in a future. It always demands the next message.
 */
final class Ws implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** One client per trust context: an {@code HttpClient} owns a selector thread. */
    private static final ConcurrentHashMap<SSLContext, HttpClient> HTTPS = new ConcurrentHashMap<>();

    record Close(int code, String reason) {}

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket ws;

    static Ws connect(URI uri, String... subprotocols) throws Exception {
        Ws client = new Ws();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            String[] rest = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, rest, 0, rest.length);
            builder.subprotocols(subprotocols[0], rest);
        }
        client.ws = builder.buildAsync(uri, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    /** Connects with an extra request header (BASIC credentials, Origin is restricted in the JDK client). */
    static Ws connectWithHeader(URI uri, String name, String value) throws Exception {
        Ws client = new Ws();
        client.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header(name, value)
                .buildAsync(uri, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    /** Connects to a {@code wss://} URI, trusting what {@code tls} trusts. */
    static Ws connectSecure(URI uri, SSLContext tls) throws Exception {
        HttpClient https = HTTPS.computeIfAbsent(tls, context -> HttpClient.newBuilder().sslContext(context)
                .connectTimeout(Duration.ofSeconds(10)).build());
        Ws client = new Ws();
        client.ws = https.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    String subprotocol() {
        return ws.getSubprotocol();
    }

    Ws sendText(String message) throws Exception {
        ws.sendText(message, true).get(15, TimeUnit.SECONDS);
        return this;
    }

    Ws sendPart(String part, boolean last) throws Exception {
        ws.sendText(part, last).get(15, TimeUnit.SECONDS);
        return this;
    }

    Ws sendBinary(byte[] message) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(message), true).get(15, TimeUnit.SECONDS);
        return this;
    }

    Ws sendBinaryPart(byte[] part, boolean last) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(part), last).get(15, TimeUnit.SECONDS);
        return this;
    }

    Ws sendPong(String data) throws Exception {
        ws.sendPong(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))).get(15, TimeUnit.SECONDS);
        return this;
    }

    /** Sends {@code message} and returns the next text reply. */
    String ask(String message) throws Exception {
        sendText(message);
        return nextText();
    }

    String nextText() throws Exception {
        Object m = next();
        if (m instanceof String s) {
            return s;
        }
        throw new AssertionError("expected text, got binary " + new String((byte[]) m, StandardCharsets.UTF_8));
    }

    byte[] nextBinary() throws Exception {
        Object m = next();
        if (m instanceof byte[] b) {
            return b;
        }
        throw new AssertionError("expected binary, got text: " + m);
    }

    Object next() throws Exception {
        Object m = messages.poll(15, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 15 s; closed=" + closed);
        }
        return m;
    }

    Close awaitClose() throws Exception {
        return closed.get(15, TimeUnit.SECONDS);
    }

    void closeNormally() throws Exception {
        ws.sendClose(1000, "bye").get(15, TimeUnit.SECONDS);
        awaitClose();
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
        webSocket.request(1);
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
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
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

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
