package dev.wharf.tck.spec.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link SpecClient} over {@code ContainerProvider.getWebSocketContainer()}, the way the official TCK's clients
 * connect: with Wharf on the class path that is Wharf's client. One container serves the whole test JVM; a shutdown
 * hook stops its threads.
 */
final class WharfSpecClient implements SpecClient {

    static final WharfSpecClient INSTANCE = new WharfSpecClient();

    private WebSocketContainer container;

    private WharfSpecClient() {}

    private synchronized WebSocketContainer container() {
        if (container == null) {
            WebSocketContainer c = ContainerProvider.getWebSocketContainer();
            if (!c.getClass().getName().startsWith("dev.wharf.")) {
                throw new IllegalStateException("ContainerProvider found " + c.getClass().getName()
                        + ", not Wharf's client: check META-INF/services/jakarta.websocket.ContainerProvider");
            }
            if (c instanceof AutoCloseable closeable) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }, "wharf-spec-client-stop"));
            }
            container = c;
        }
        return container;
    }

    @Override
    public Connection connect(URI uri, List<String> subprotocols) throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
            }

            @Override
            public void onError(Session session, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build();
        Session session = container().connectToServer(endpoint, config, uri);
        return new Connection() {
            @Override
            public void sendText(String text) throws Exception {
                session.getBasicRemote().sendText(text);
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
                String p = session.getNegotiatedSubprotocol();
                return p == null ? "" : p;
            }

            @Override
            public void close() {
                try {
                    session.close();
                } catch (Exception ignored) {
                    // already closed by the server
                }
            }
        };
    }
}
