package dev.wharf.servlet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.client.WharfClientContainer;
import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.OnClose;
import jakarta.websocket.Extension;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
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

    /** Echoes text and binary unchanged, up to 4 MiB. */
    @ServerEndpoint("/big")
    public static class BigEcho {
        @OnOpen
        public void open(Session session) {
            session.setMaxTextMessageBufferSize(4 << 20);
            session.setMaxBinaryMessageBufferSize(4 << 20);
        }

        @OnMessage
        public String text(String text) {
            return text;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer data) {
            return data;
        }
    }

    /** Answers with the extensions the server side negotiated, e.g. {@code server: []}. */
    @ServerEndpoint("/extensions")
    public static class Extensions {
        @OnMessage
        public String extensions(Session session, String ignored) {
            return "server: " + session.getNegotiatedExtensions().stream().map(Extension::getName).toList();
        }
    }

    /**
     * Given a ws:// URI, connects to it through its own server container (all four forms, chosen by the message's
     * prefix), sends "relayed" and answers with what came back and the container's type.
     */
    @ServerEndpoint("/relay")
    public static class Relay {
        @OnMessage
        public String relay(Session session, String message) throws Exception {
            String form = message.substring(0, message.indexOf(' '));
            URI uri = URI.create(message.substring(form.length() + 1));
            WebSocketContainer container = session.getContainer();
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("v1"))
                    .build();
            RelayEndpoint endpoint = new RelayEndpoint();
            Session out = switch (form) {
                case "annotated-instance" -> container.connectToServer(new Client(), uri);
                case "annotated-class" -> container.connectToServer(Client.class, uri);
                case "endpoint-class" -> container.connectToServer(RelayEndpoint.class, config, uri);
                default -> container.connectToServer(endpoint, config, uri);
            };
            if (!form.equals("endpoint-instance")) {
                boolean open = out.isOpen();
                out.close();
                return container.getClass().getSimpleName() + " " + (open ? "open" : "closed");
            }
            out.getBasicRemote().sendText("relayed");
            String answer = endpoint.texts.poll(10, TimeUnit.SECONDS);
            out.close();
            return container.getClass().getSimpleName() + " " + answer;
        }
    }

    public static class RelayEndpoint extends Endpoint {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, texts::add);
        }
    }

    @ClientEndpoint
    public static class BigClient {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

        @OnMessage(maxMessageSize = 4 << 20)
        public void text(String text) {
            messages.add(text);
        }

        @OnMessage(maxMessageSize = 4 << 20)
        public void binary(ByteBuffer data) {
            messages.add(data);
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

    /**
     * [WSC-3.2.2-1]: a configuration the application builds without extensions offers none, so neither side has any
     * (the official TCK's clientendpointconfig tests: "Extension size=0" on both sides); the same endpoint connected
     * without a configuration gets the container's, with permessage-deflate.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void aConfigurationWithoutExtensionsNegotiatesNone(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Extensions.class).build());
             WharfClientContainer container = new WharfClientContainer()) {
            RelayEndpoint plain = new RelayEndpoint();
            Session session = container.connectToServer(plain, ClientEndpointConfig.Builder.create().build(),
                    h.wsUri("/extensions"));
            assertEquals(List.of(), session.getNegotiatedExtensions());
            session.getBasicRemote().sendText("?");
            assertEquals("server: []", plain.texts.poll(10, TimeUnit.SECONDS));
            session.close();

            RelayEndpoint defaults = new RelayEndpoint();
            session = container.connectToServer(defaults, h.wsUri("/extensions"));
            assertEquals(List.of("permessage-deflate"),
                    session.getNegotiatedExtensions().stream().map(Extension::getName).toList());
            session.getBasicRemote().sendText("?");
            assertEquals("server: [permessage-deflate]", defaults.texts.poll(10, TimeUnit.SECONDS));
            session.close();
        }
    }

    /** RFC 7692 between Wharf's two sides: agreed by default, small and 1 MiB messages both ways. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void negotiatesPermessageDeflate(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), BigEcho.class).build());
             WharfClientContainer container = new WharfClientContainer()) {
            BigClient client = new BigClient();
            Session session = container.connectToServer(client, h.wsUri("/big"));
            assertEquals(List.of("permessage-deflate"),
                    session.getNegotiatedExtensions().stream().map(Extension::getName).toList());
            StringBuilder words = new StringBuilder();
            for (int i = 0; words.length() < 6000; i++) {
                words.append("compressible text, line ").append(i % 17).append('\n');
            }
            String text = words.toString();
            session.getBasicRemote().sendText(text);
            assertEquals(text, client.messages.poll(10, TimeUnit.SECONDS));

            String large = text.repeat((1 << 20) / text.length() + 1).substring(0, 1 << 20);
            session.getBasicRemote().sendText(large);
            assertEquals(large, client.messages.poll(10, TimeUnit.SECONDS));

            byte[] noise = new byte[1 << 20];
            new Random(5).nextBytes(noise);
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(noise));
            assertEquals(ByteBuffer.wrap(noise), client.messages.poll(10, TimeUnit.SECONDS));
            session.close();
        }
    }

    /** [WSC-6.5] The server container is a WebSocketContainer too: its connectToServer connects out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void serverContainerConnectsOut(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Echo.class, Relay.class)
                .build()); WharfClientContainer container = new WharfClientContainer()) {
            Client client = new Client();
            Session session = container.connectToServer(client, h.wsUri("/relay"));
            for (String form : List.of("annotated-instance", "annotated-class", "endpoint-class")) {
                session.getBasicRemote().sendText(form + " " + h.wsUri("/echo"));
                assertEquals("WharfServerContainer open", client.texts.poll(10, TimeUnit.SECONDS), form);
            }
            session.getBasicRemote().sendText("endpoint-instance " + h.wsUri("/echo"));
            assertEquals("WharfServerContainer echo:relayed", client.texts.poll(10, TimeUnit.SECONDS));
            session.close();
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
