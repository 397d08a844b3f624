package dev.wharf.servlet.undertow;

import dev.wharf.servlet.HostUpgrade;
import dev.wharf.session.WebSocketSession;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import org.xnio.StreamConnection;

/**
 * Starts the session once Undertow sent the 101 and hands over the connection, on the thread that finished the
 * response (Undertow's I/O thread, or the worker that ran the filter): no hop to another thread, where the servlet
 * upgrade has Undertow dispatch the upgrade handler's creation to a worker.
 */
final class UndertowHandover implements HttpUpgradeListener {

    private HostUpgrade.Handover handover;

    UndertowHandover(HostUpgrade.Handover handover) {
        this.handover = handover;
    }

    @Override
    public void handleUpgrade(StreamConnection connection, HttpServerExchange exchange) {
        HostUpgrade.Handover starting = handover;
        handover = null; // Undertow keeps its listener with the connection: the HTTP session must not stay with it
        if (starting == null) {
            return; // never: Undertow upgrades an exchange once
        }
        UndertowChannelTransport transport = new UndertowChannelTransport(connection);
        WebSocketSession session = starting.newSession(transport);
        transport.open(session);
        starting.opened(session);
        transport.startReading();
    }
}
