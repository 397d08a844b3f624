package dev.wharf.tck.spec.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link SpecClient} over the JDK's {@code java.net.http.WebSocket}: independent of Wharf. */
final class JdkSpecClient implements SpecClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public Connection connect(URI uri, List<String> subprotocols) throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        StringBuilder partial = new StringBuilder();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new Connection() {
            @Override
            public void sendText(String text) throws Exception {
                ws.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }

            @Override
            public String receiveText() throws Exception {
                String t = texts.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (t == null) {
                    throw new AssertionError("no text message within " + TIMEOUT);
                }
                return t;
            }

            @Override
            public String awaitClose() throws Exception {
                return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }

            @Override
            public String subprotocol() {
                return ws.getSubprotocol();
            }

            @Override
            public void close() {
                ws.abort();
            }
        };
    }
}
