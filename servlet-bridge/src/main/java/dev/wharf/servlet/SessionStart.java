package dev.wharf.servlet;

import dev.wharf.server.Negotiation;
import dev.wharf.server.WharfServerContainer;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.HttpSession;

/**
 * What an accepted handshake needs to become a session once the host hands over the connection, whichever way it
 * does (see {@link HostUpgrade}): the negotiation, the application's class loader, and
 * the HTTP session the handshake ran in.
 *
 * @param httpSession the handshake's HTTP session, or null if it had none; held only until the session starts
 */
record SessionStart(WharfServerContainer container, Negotiation negotiation, ClassLoader loader,
                    HttpSessionSockets httpSessions, HttpSession httpSession)
        implements HostUpgrade.Handover {

    @Override
    public WebSocketSession newSession(Transport transport) {
        return container.newSession(negotiation, transport, loader);
    }

    /**
     * Records the open session under its HTTP session. Only after {@code open()}: if the HTTP session already ended,
     * this closes the WebSocket session at once, which must come after its onOpen and on a started transport.
     */
    @Override
    public void opened(WebSocketSession session) {
        httpSessions.register(httpSession, session);
    }
}
