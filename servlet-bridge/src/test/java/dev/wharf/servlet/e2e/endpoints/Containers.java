package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The container that served a test's sessions, found by the session's {@code report} key (see {@link Reports}), so a
 * test can read the container's own figures (bytes held for peers, sessions closed for the budget).
 */
public final class Containers {

    private static final ConcurrentMap<String, WebSocketContainer> BY_KEY = new ConcurrentHashMap<>();

    private Containers() {}

    static void remember(Session session) {
        List<String> keys = session.getRequestParameterMap().get("report");
        if (keys != null && !keys.isEmpty()) {
            BY_KEY.putIfAbsent(keys.get(0), session.getContainer());
        }
    }

    /** The container a session with this key opened in, or null if none did yet. */
    public static WebSocketContainer of(String key) {
        return BY_KEY.get(key);
    }
}
