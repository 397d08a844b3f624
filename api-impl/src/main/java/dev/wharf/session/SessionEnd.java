package dev.wharf.session;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.Codecs;
import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

/**
 * What the end of a conversation does outside {@link Closing}'s own state: the session leaves its group and stops
 * streaming when the close starts; {@code onClose} runs and the session's resources go once it is closed.
 */
final class SessionEnd implements Closing.Ending {

    /** Per endpoint class: whether it overrides {@link Endpoint#onClose} (the default does nothing). */
    private static final ClassValue<Boolean> OVERRIDES_ON_CLOSE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("onClose", Session.class, CloseReason.class).getDeclaringClass()
                        != Endpoint.class;
            } catch (NoSuchMethodException e) {
                return true; // cannot tell: treat it as application code
            }
        }
    };

    private final WebSocketSession session;
    private final Endpoint endpoint;
    private final SessionGroup group;
    private final Inbound inbound;
    private final EndpointErrors errors;
    private final Codecs codecs;
    private final SessionServices services;
    private final EndpointMeters meters;
    private final SessionTimers timers;

    SessionEnd(WebSocketSession session, Endpoint endpoint, SessionGroup group, Inbound inbound,
               EndpointErrors errors, Codecs codecs, SessionServices services, EndpointMeters meters,
               SessionTimers timers) {
        this.session = session;
        this.endpoint = endpoint;
        this.group = group;
        this.inbound = inbound;
        this.errors = errors;
        this.codecs = codecs;
        this.services = services;
        this.meters = meters;
        this.timers = timers;
    }

    @Override
    public void closing() {
        inbound.failStreams();
        group.remove(session);
    }

    /**
     * Application code runs at the end unless the endpoint has no {@code onClose} of its own (an annotated class
     * without {@code @OnClose}, or a programmatic one that keeps {@link Endpoint}'s empty method) and no codec is
     * configured (their {@code destroy()} is application code too).
     */
    @Override
    public boolean closedRunsApplicationCode() {
        if (!codecs.isEmpty()) {
            return true;
        }
        if (endpoint instanceof AnnotatedEndpoint annotated) {
            return annotated.getClass() != AnnotatedEndpoint.class || annotated.hasOnClose();
        }
        return OVERRIDES_ON_CLOSE.get(endpoint.getClass());
    }

    @Override
    public void closed(CloseReason reason) {
        try {
            endpoint.onClose(session, reason);
        } catch (Throwable t) {
            errors.report(t); // [WSC-5.2.2-2]: onClose is application code like any other callback
        } finally {
            codecs.destroy();
            services.closed(session);
            meters.recordEnded();
            timers.cancel();
        }
    }
}
