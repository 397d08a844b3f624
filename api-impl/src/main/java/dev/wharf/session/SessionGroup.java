package dev.wharf.session;

import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of one logical endpoint, as {@link Session#getOpenSessions()} reports them. */
public final class SessionGroup {

    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final EndpointMeters meters;

    /** A group whose sessions record nothing (tests). */
    public SessionGroup() {
        this(EndpointMeters.OFF);
    }

    /** A group whose sessions record into {@code meters}, resolved here once for all of them. */
    public SessionGroup(EndpointMeters meters) {
        this.meters = meters;
    }

    EndpointMeters meters() {
        return meters;
    }

    void add(Session session) {
        open.add(session);
    }

    void remove(Session session) {
        open.remove(session);
    }

    /** A snapshot; later opens and closes do not change it. */
    public Set<Session> snapshot() {
        return Set.copyOf(open);
    }
}
