package dev.wharf.servlet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.client.WharfClientContainer;
import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Wharf's client against Wharf's server, on each embedded host. */
class WharfClientToWharfServerTest {

    @ServerEndpoint(value = "/echo", subprotocols = "v1")
    public static class Echo {
        @OnMessage
        public String echo(Session session, String text) throws IOException {
            if (text.equals("bye")) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4100), "server says bye"));
                return null;
            }
            return "echo:" + text;
        }
    }

    @ClientEndpoint(subprotocols = "v1")
    public static class Client {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @OnMessage
        public void text(String text) {
            texts.add(text);
        }

        @OnClose
        public void close(CloseReason reason) {
            closed.complete(reason);
        }
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @Test
    void containerProviderFindsWharf() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        try {
            assertTrue(container instanceof WharfClientContainer, "got " + container);
        } finally {
            ((WharfClientContainer) container).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void echoesAndClosesBothWays(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).build());
             WharfClientContainer container = new WharfClientContainer()) {
            Client client = new Client();
            Session session = container.connectToServer(client, h.wsUri("/echo"));
            assertEquals("v1", session.getNegotiatedSubprotocol());
            session.getBasicRemote().sendText("hi");
            assertEquals("echo:hi", client.texts.poll(10, TimeUnit.SECONDS));
            session.getBasicRemote().sendText("bye");
            CloseReason reason = client.closed.get(10, TimeUnit.SECONDS);
            assertEquals(4100, reason.getCloseCode().getCode());
            assertEquals("server says bye", reason.getReasonPhrase());

            Client second = new Client();
            Session other = container.connectToServer(second, h.wsUri("/echo"));
            other.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
            assertEquals(1000, second.closed.get(10, TimeUnit.SECONDS).getCloseCode().getCode());
        }
    }
}
