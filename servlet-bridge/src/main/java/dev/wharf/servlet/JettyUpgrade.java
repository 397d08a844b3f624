package dev.wharf.servlet;

import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * Upgrades through Jetty's own connection hand-over instead of {@code HttpServletRequest.upgrade}.
 *
 * <p>Why: Jetty 12.1's ee11 {@code upgrade()} reads the upgraded stream as the handshake request's body, and a
 * handshake without {@code Content-Length} (what browsers and most clients send) has its body ended before the
 * tunnel starts: Jetty then finishes the exchange and parses the first WebSocket frame as a new HTTP request (400).
 * Jetty core instead swaps the socket's connection for the one named by the {@code HttpStream.upgradeConnection}
 * request attribute after the 101 is written, which is what its own WebSocket server does.
 *
 * <p>Only used when the request is Jetty's ee11 request and Jetty's classes are visible to the application; this
 * class is never loaded otherwise.
 */
final class JettyUpgrade {

    private static final System.Logger LOG = System.getLogger(JettyUpgrade.class.getName());
    /** {@code org.eclipse.jetty.server.HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}. */
    private static final String UPGRADE_CONNECTION = "org.eclipse.jetty.server.HttpStream.upgradeConnection";
    private static final Boolean AVAILABLE = probe();

    private JettyUpgrade() {
    }

    private static Boolean probe() {
        try {
            Class.forName("org.eclipse.jetty.ee11.servlet.ServletContextRequest", false,
                    JettyUpgrade.class.getClassLoader());
            Class.forName("org.eclipse.jetty.io.AbstractConnection", false, JettyUpgrade.class.getClassLoader());
            return Boolean.TRUE;
        } catch (ClassNotFoundException | LinkageError e) {
            return Boolean.FALSE;
        }
    }

    /** Whether this request can take the Jetty path (a Jetty ee11 request, Jetty classes visible). */
    static boolean applies(HttpServletRequest request) {
        return request.getClass().getName().startsWith("org.eclipse.jetty.ee11.") && AVAILABLE;
    }

    /**
     * Arranges the hand-over; the caller has set the 101 status and headers and must not commit the response.
     *
     * @return false if this request turned out not to offer Jetty's connection (the caller falls back)
     */
    static boolean upgrade(HttpServletRequest request, SessionStart start) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
        if (core == null) {
            return false;
        }
        ConnectionMetaData meta = core.getConnectionMetaData();
        EndPoint endPoint = meta.getConnection().getEndPoint();
        if (endPoint == null) {
            LOG.log(Level.WARNING, "Jetty request without an EndPoint; using servlet upgrade");
            return false;
        }
        JettyEndPointTransport transport = new JettyEndPointTransport(endPoint, meta.getConnector().getExecutor());
        WebSocketSession session = start.newSession(transport);
        transport.bind(session, () -> start.opened(session));
        request.setAttribute(UPGRADE_CONNECTION, transport);
        return true;
    }
}
