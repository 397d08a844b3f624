package dev.wharf.servlet;

import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The servlet container's handle on one upgraded connection: created by {@code request.upgrade(...)}, given the
 * accepted handshake by {@link ServletUpgrade}, and started by the container once the 101 response is out.
 */
public final class WharfUpgradeHandler implements HttpUpgradeHandler {

    private HostUpgrade.Handover start;
    private ServletTransport transport;

    /**
     * Set by the filter around {@code request.upgrade(...)}: the constructor runs inside that call, and some hosts
     * (Jetty 12.1.1) call {@link #init} before {@code upgrade} even returns.
     */
    static final ThreadLocal<HostUpgrade.Handover> PENDING = new ThreadLocal<>();

    /** The container creates this through its no-argument constructor, inside {@code request.upgrade(...)}. */
    public WharfUpgradeHandler() {
        this.start = PENDING.get();
    }

    @Override
    public void init(WebConnection connection) {
        if (start == null) {
            throw new IllegalStateException("WharfUpgradeHandler is created by Wharf's upgrade filter only");
        }
        try {
            transport = new ServletTransport(connection);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the upgraded connection's streams", e);
        }
        WebSocketSession session = start.newSession(transport);
        transport.start(session);
        session.open();
        start.opened(session);
        start = null; // the handler lives as long as the connection; the HTTP session must not be kept with it
    }

    @Override
    public void destroy() {
        if (transport != null) {
            transport.destroyed();
        }
    }
}
