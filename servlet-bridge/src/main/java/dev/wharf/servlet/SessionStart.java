package dev.wharf.servlet;

import dev.wharf.server.Negotiation;
import dev.wharf.server.WharfServerContainer;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;

/**
 * What an accepted handshake needs to become a session once the host hands over the connection, whichever way it
 * does (servlet upgrade handler or Jetty's connection swap): the negotiation, the application's class loader, and
 * the HTTP session the handshake ran in.
 *
 * @param httpSessionId the handshake's HTTP session id, or null if it had none
 */
record SessionStart(WharfServerContainer container, Negotiation negotiation, ClassLoader loader,
                    HttpSessionSockets httpSessions, String httpSessionId) {

    /** Creates the session over {@code transport} and records it under its HTTP session; the caller opens it. */
    WebSocketSession newSession(Transport transport) {
        WebSocketSession session = container.newSession(negotiation, transport, loader);
        httpSessions.register(httpSessionId, session);
        return session;
    }
}
