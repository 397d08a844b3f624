package dev.wharf.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The client container behind a server container's {@code connectToServer} [WSC-6.5: a ServerContainer is also a
 * WebSocketContainer], created on the first call. Only {@link WharfServerContainer}'s {@code connectToServer}
 * methods refer to this class, so a server that never connects out never looks for the client: a deployment that
 * only serves leaves wharf-client and jetty-client out.
 */
final class ServerSideClient {

    private static final Map<WharfServerContainer, WebSocketContainer> CLIENTS = new WeakHashMap<>();

    private ServerSideClient() {
    }

    /** One of the four {@code connectToServer} overloads, asked of the client container. */
    @FunctionalInterface
    interface Connecting {
        Session on(WebSocketContainer client) throws DeploymentException, IOException;
    }

    /**
     * Runs {@code connecting} on the client container of {@code server}. A missing or mismatched wharf-client or
     * jetty-client can surface as a {@link LinkageError} at any point of the connect, not only at creation: every
     * one becomes the same {@link DeploymentException}.
     */
    static Session connect(WharfServerContainer server, Connecting connecting) throws DeploymentException,
            IOException {
        try {
            return connecting.on(of(server));
        } catch (LinkageError e) {
            throw missingClient(e);
        }
    }

    /** The client container of {@code server}, started on first use. */
    private static WebSocketContainer of(WharfServerContainer server) throws DeploymentException {
        try {
            synchronized (CLIENTS) {
                return CLIENTS.computeIfAbsent(server, s -> ClientContainers.create());
            }
        } catch (ClientContainers.Missing | LinkageError e) {
            throw missingClient(e);
        }
    }

    /** A client connection needs wharf-client and jetty-client; without them the first connect fails with this. */
    private static DeploymentException missingClient(Throwable e) {
        return new DeploymentException("ServerContainer.connectToServer: " + ClientContainers.MISSING + " (" + e
                + ")", e);
    }

    /** Closes the client sessions of {@code server} (1001) and stops the client's threads; for its shutdown. */
    static void stop(WharfServerContainer server, long waitMs) {
        WebSocketContainer client;
        synchronized (CLIENTS) {
            client = CLIENTS.remove(server);
        }
        if (client != null) {
            ClientContainers.stop(client, waitMs);
        }
    }
}
