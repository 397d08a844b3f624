package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The container that served a test's sessions, found by the session's {@code report} key (see {@link Reports}), so a
 * test can read the container's own figures (bytes held for peers, sessions closed for the budget).
 */
public final class Containers {

    private static final ConcurrentMap<String, CompletableFuture<WebSocketContainer>> BY_KEY =
            new ConcurrentHashMap<>();

    private Containers() {}

    static void remember(Session session) {
        List<String> keys = session.getRequestParameterMap().get("report");
        if (keys != null && !keys.isEmpty()) {
            slot(keys.get(0)).complete(session.getContainer());
        }
    }

    /** The container a session with this key opened in, or null if none did yet. */
    public static WebSocketContainer of(String key) {
        return slot(key).getNow(null);
    }

    /**
     * The container a session with this key opens in, waiting up to {@code timeoutMs} for its {@code onOpen}: a
     * client's handshake may complete before its session is open (Tomcat writes the 101, then opens the
     * connection); null if none opened in time.
     */
    public static WebSocketContainer await(String key, long timeoutMs) throws InterruptedException {
        try {
            return slot(key).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static CompletableFuture<WebSocketContainer> slot(String key) {
        return BY_KEY.computeIfAbsent(key, k -> new CompletableFuture<>());
    }
}
