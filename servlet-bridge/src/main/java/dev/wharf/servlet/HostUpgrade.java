package dev.wharf.servlet;

import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * How the servlet container hands an accepted handshake's connection over to Wharf: through the servlet API's
 * {@code HttpServletRequest.upgrade} everywhere, or natively where the host's own upgrade machinery gives direct
 * socket access (Jetty's connection swap, Tomcat's internal upgrade handler). Chosen once per web application at
 * start-up by {@link HostUpgrades}; the host-specific implementations live in their own packages and never load on
 * another host.
 *
 * <p>Public only because those packages implement it: not an API for applications.
 */
public interface HostUpgrade {

    /** What the start-up log line says this upgrade is, e.g. "Tomcat's internal upgrade (native socket I/O)". */
    String description();

    /**
     * Takes the connection of an accepted handshake over. The caller has set the 101 status and the handshake's
     * response headers and has not committed the response; on return the host owns the connection and will start
     * the session through {@code handover} once the 101 is out.
     *
     * @throws Unavailable if this connection cannot be upgraded here: the caller answers 500 with the message
     */
    void upgrade(HttpServletRequest request, HttpServletResponse response, Handover handover)
            throws IOException, Unavailable;

    /** What an accepted handshake needs to become a session, whichever way the host hands the connection over. */
    interface Handover {

        /** Creates the session over {@code transport}; the caller opens it and then calls {@link #opened}. */
        WebSocketSession newSession(Transport transport);

        /** Told once the session is open (after its {@code onOpen} was dispatched). */
        void opened(WebSocketSession session);
    }

    /** The host cannot upgrade this connection; the message is the one-line reason the client gets with a 500. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
