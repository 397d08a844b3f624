package dev.wharf.tck.spec.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The WebSocket client the spec suite talks through, so the implementation can be swapped. Chosen with
 * {@code -Dspec.client}: {@code wharf} (the default) is Wharf's own client through
 * {@code ContainerProvider.getWebSocketContainer()}, as the official TCK uses it ({@link WharfSpecClient});
 * {@code jdk} is the JDK's {@code java.net.http.WebSocket}, independent of Wharf ({@link JdkSpecClient}).
 */
public interface SpecClient {

    Duration TIMEOUT = Duration.ofSeconds(10);

    /** Opens a connection; fails when the handshake is refused. */
    default Connection connect(URI uri) throws Exception {
        return connect(uri, List.of());
    }

    /** Opens a connection offering these subprotocols, most preferred first. */
    Connection connect(URI uri, List<String> subprotocols) throws Exception;

    /** One open connection; received text messages queue up until read. */
    interface Connection extends AutoCloseable {
        void sendText(String text) throws Exception;

        /** The next text message, waiting up to {@link #TIMEOUT}. */
        String receiveText() throws Exception;

        /** The close the server sent: {@code code + " " + reason}, waiting up to {@link #TIMEOUT}. */
        String awaitClose() throws Exception;

        /** The subprotocol the server agreed to, {@code ""} if none. */
        String subprotocol();

        @Override
        void close();
    }

    static SpecClient get() {
        String kind = System.getProperty("spec.client", "wharf");
        return switch (kind.isBlank() ? "wharf" : kind) {
            case "wharf" -> WharfSpecClient.INSTANCE;
            case "jdk" -> new JdkSpecClient();
            default -> throw new IllegalArgumentException("unknown spec.client " + kind + " (supported: wharf, jdk)");
        };
    }
}
