package dev.wharf.servlet.jetty;

import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * Upgrades through Jetty's own connection hand-over instead of {@code HttpServletRequest.upgrade}.
 *
 * <p>Why: Jetty 12.1's ee11 {@code upgrade()} reads the upgraded stream as the handshake request's body, and a
 * handshake without {@code Content-Length} (what browsers and most clients send) has its body ended before the
 * tunnel starts: Jetty then finishes the exchange and parses the first WebSocket frame as a new HTTP request (400).
 * Jetty core instead swaps the socket's connection for the one named by the {@code HttpStream.upgradeConnection}
 * request attribute after the 101 is written, which is what its own WebSocket server does.
 *
 * <p>Never loaded by the application's class loader: {@link JettyBridge} defines it in a {@link JettyBridgeLoader}
 * beside Jetty's classes and calls {@link #upgrade} through a method handle, so only public, non-Jetty types appear
 * in its signature.
 */
final class JettyUpgrade {

    private static final System.Logger LOG = System.getLogger(JettyUpgrade.class.getName());
    /** {@code org.eclipse.jetty.server.HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}. */
    private static final String UPGRADE_CONNECTION = "org.eclipse.jetty.server.HttpStream.upgradeConnection";

    private JettyUpgrade() {
    }

    /**
     * Arranges the hand-over; the caller has set the 101 status and headers and must not commit the response.
     *
     * @param coreRequest Jetty's core {@code Request} behind {@code request}
     * @param newSession  makes the session over the transport (not yet open)
     * @param opened      told once the session is open
     * @return false if this request turned out not to offer Jetty's connection (the caller falls back)
     */
    static boolean upgrade(Object coreRequest, HttpServletRequest request,
                           Function<Transport, WebSocketSession> newSession, Consumer<WebSocketSession> opened) {
        if (!(coreRequest instanceof Request core)) {
            return false;
        }
        ConnectionMetaData meta = core.getConnectionMetaData();
        EndPoint endPoint = meta.getConnection().getEndPoint();
        if (endPoint == null) {
            LOG.log(Level.WARNING, "Jetty request without an EndPoint; using servlet upgrade");
            return false;
        }
        JettyEndPointTransport transport = new JettyEndPointTransport(endPoint, meta.getConnector().getExecutor());
        WebSocketSession session = newSession.apply(transport);
        transport.bind(session, () -> opened.accept(session));
        request.setAttribute(UPGRADE_CONNECTION, transport);
        return true;
    }
}
