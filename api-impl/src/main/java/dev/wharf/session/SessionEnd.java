package dev.wharf.session;

import dev.wharf.endpoint.Codecs;
import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;

/**
 * What the end of a conversation does outside {@link Closing}'s own state: the session leaves its group and stops
 * streaming when the close starts; {@code onClose} runs and the session's resources go once it is closed.
 */
final class SessionEnd implements Closing.Ending {

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
