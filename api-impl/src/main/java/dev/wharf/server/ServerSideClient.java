package dev.wharf.server;

import dev.wharf.client.WharfClientContainer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.WebSocketContainer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The client container behind a server container's {@code connectToServer} [WSC-6.5: a ServerContainer is also a
 * WebSocketContainer], created on the first call. Only {@link WharfServerContainer}'s {@code connectToServer}
 * methods refer to this class, so a server that never connects out never loads the client, nor jetty-client under
 * it: a deployment may leave jetty-client out.
 */
final class ServerSideClient {

    private static final Map<WharfServerContainer, WharfClientContainer> CLIENTS = new WeakHashMap<>();

    private ServerSideClient() {
    }

    /** The client container of {@code server}, started on first use. */
    static WebSocketContainer of(WharfServerContainer server) throws DeploymentException {
        try {
            synchronized (CLIENTS) {
                return CLIENTS.computeIfAbsent(server, s -> new WharfClientContainer());
            }
        } catch (LinkageError e) {
            throw missingClient(e);
        }
    }

    /** A client connection needs jetty-client; without it the first connect fails with this. */
    static DeploymentException missingClient(LinkageError e) {
        return new DeploymentException("connecting from the server container needs jetty-client on the class path"
                + " (a dependency of wharf-api-impl): " + e, e);
    }

    /** Closes the client sessions of {@code server} (1001) and stops the client's threads; for its shutdown. */
    static void stop(WharfServerContainer server, long waitMs) {
        WharfClientContainer client;
        synchronized (CLIENTS) {
            client = CLIENTS.remove(server);
        }
        if (client != null) {
            client.stop(waitMs);
        }
    }
}
