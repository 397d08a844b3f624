package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** Times out after 500 ms without traffic; reports the close code {@code @OnClose} sees. */
@ServerEndpoint("/idle")
public class IdleEndpoint {

    @OnOpen
    public void onOpen(Session session) {
        session.setMaxIdleTimeout(500);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        Reports.add(session, "close " + reason.getCloseCode().getCode());
    }
}
