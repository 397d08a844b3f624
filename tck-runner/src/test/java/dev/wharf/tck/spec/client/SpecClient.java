package dev.wharf.tck.spec.client;

import java.net.URI;
import java.time.Duration;

/**
 * The WebSocket client the spec suite talks through, so the implementation can be swapped: today the JDK's
 * {@code java.net.http.WebSocket} ({@link JdkSpecClient}); once Wharf's client lands, one over
 * {@code ContainerProvider.getWebSocketContainer()}. Chosen with {@code -Dspec.client=jdk} (the default).
 */
public interface SpecClient {

    Duration TIMEOUT = Duration.ofSeconds(10);

    /** Opens a connection; fails with the HTTP status when the handshake is refused. */
    Connection connect(URI uri) throws Exception;

    /** One open connection; received text messages queue up until read. */
    interface Connection extends AutoCloseable {
        void sendText(String text) throws Exception;

        /** The next text message, waiting up to {@link #TIMEOUT}. */
        String receiveText() throws Exception;

        /** The close the server sent: {@code code + " " + reason}, waiting up to {@link #TIMEOUT}. */
        String awaitClose() throws Exception;

        @Override
        void close();
    }

    static SpecClient get() {
        String kind = System.getProperty("spec.client", "jdk");
        if (kind.equals("jdk")) {
            return new JdkSpecClient();
        }
        throw new IllegalArgumentException("unknown spec.client " + kind + " (supported: jdk)");
    }
}
