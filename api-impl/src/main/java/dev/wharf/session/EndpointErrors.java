package dev.wharf.session;

import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;

/** Hands an error to the endpoint's {@code onError}, or logs it where the endpoint has no error handling method. */
final class EndpointErrors {

    // Under the session's name: the one logger users configure for what happens to a session.
    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());

    private final Session session;
    private final Endpoint endpoint;

    /** The session whose errors these are (for the rooms package's inbound tap, which is told the session). */
    Session session() {
        return session;
    }

    EndpointErrors(Session session, Endpoint endpoint) {
        this.session = session;
        this.endpoint = endpoint;
    }

    void report(Throwable t) {
        if (!handlesErrors(endpoint)) {
            // [WSC-5.2.2-3]: no error handling method, so the error must still be available for later analysis.
            LOG.log(Level.WARNING, "session " + session.getId() + ": unhandled error in "
                    + endpoint.getClass().getName() + " (it does not override Endpoint.onError)", t);
            return;
        }
        try {
            endpoint.onError(session, t);
        } catch (Throwable again) {
            LOG.log(Level.WARNING, "session " + session.getId() + ": onError failed while handling " + t, again);
        }
    }

    /**
     * Whether the endpoint has an error handling method: {@code Endpoint.onError} does nothing, so an endpoint that
     * does not override it would drop the error. (Annotated endpoints override it and log when they have no
     * {@code @OnError}.)
     */
    private static boolean handlesErrors(Endpoint endpoint) {
        try {
            return endpoint.getClass().getMethod("onError", Session.class, Throwable.class).getDeclaringClass()
                    != Endpoint.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** A short description of {@code t} for a close reason: its type and message, no stack. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }
}
