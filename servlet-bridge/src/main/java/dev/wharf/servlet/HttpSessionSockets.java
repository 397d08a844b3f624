package dev.wharf.servlet;

import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket sessions opened under each HTTP session, by HTTP session id, so that they close with 1008 when their
 * HTTP session ends (spec 7.2 [WSC-7.2-3]: a logout or an expired login must not leave a WebSocket connected).
 *
 * <p>Done for every handshake that carried an HTTP session, protected endpoint or not: a session's end is the one
 * signal every servlet container gives for "this client's login is over", and an application that wants a socket to
 * outlive it can open the socket without a session. Only handshakes that already had a session are recorded; the
 * bridge never creates one. A WebSocket session leaves the index when it closes, so the map holds open sockets only.
 */
final class HttpSessionSockets implements HttpSessionListener, HttpSessionIdListener {

    private static final String ENDED = "the HTTP session ended";

    private final Map<String, Set<WebSocketSession>> byHttpSession = new ConcurrentHashMap<>();

    /**
     * Records that {@code session} was opened under {@code httpSession}; null means none. If the HTTP session ended
     * between the handshake and now, the WebSocket session closes at once instead of escaping the listener.
     */
    void register(HttpSession httpSession, WebSocketSession session) {
        if (httpSession == null) {
            return;
        }
        String id;
        try {
            id = httpSession.getId();
            add(id, session);
            httpSession.getCreationTime(); // throws once the session is invalidated (Servlet spec)
        } catch (IllegalStateException ended) {
            close(session);
            return;
        }
        session.whenClosed(() -> forget(id, session));
    }

    /**
     * Through the container's ordinary close: 1008 to the peer [WSC-7.2-3], while the endpoint's {@code onClose} sees
     * 1006 with the reason ([WSC 2.1.5-1]: a close the local container initiates).
     */
    private static void close(WebSocketSession session) {
        session.closeByContainer(CloseCodes.VIOLATED_POLICY.getCode(), ENDED);
    }

    private void add(String httpSessionId, WebSocketSession session) {
        // Inside compute, so a concurrent forget() cannot drop the set between finding it and adding to it.
        byHttpSession.compute(httpSessionId, (id, sessions) -> {
            Set<WebSocketSession> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            set.add(session);
            return set;
        });
    }

    private void forget(String httpSessionId, WebSocketSession session) {
        byHttpSession.computeIfPresent(httpSessionId, (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** WebSocket sessions currently recorded under {@code httpSessionId}; for tests and diagnostics. */
    Set<WebSocketSession> sessionsOf(String httpSessionId) {
        Set<WebSocketSession> sessions = byHttpSession.get(httpSessionId);
        return sessions == null ? Set.of() : Set.copyOf(sessions);
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Set<WebSocketSession> sessions = byHttpSession.remove(event.getSession().getId());
        if (sessions != null) {
            for (WebSocketSession s : sessions) {
                close(s);
            }
        }
    }

    /** {@code changeSessionId()} (e.g. on login) keeps the same HTTP session under a new id: follow it. */
    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        Set<WebSocketSession> sessions = byHttpSession.remove(oldSessionId);
        if (sessions == null) {
            return;
        }
        String newId = event.getSession().getId();
        for (WebSocketSession s : sessions) {
            add(newId, s);
            s.whenClosed(() -> forget(newId, s));
        }
    }
}
