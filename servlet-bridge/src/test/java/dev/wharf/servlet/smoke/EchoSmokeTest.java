package dev.wharf.servlet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shortest path through everything: handshake, one echo, close, on each host. */
public class EchoSmokeTest {

    @ServerEndpoint("/smoke")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return "echo:" + text;
        }
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void echoesAndCloses(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).build())) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(h.wsUri("/smoke"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            reply.completeExceptionally(error);
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("hi", true);
            assertEquals("echo:hi", reply.get(10, TimeUnit.SECONDS));
            ws.sendClose(1000, "bye");
            assertEquals(1000, closed.get(10, TimeUnit.SECONDS));
        }
    }
}
