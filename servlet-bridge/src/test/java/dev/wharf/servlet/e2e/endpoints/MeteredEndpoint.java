package dev.wharf.servlet.e2e.endpoints;

import dev.wharf.session.WebSocketSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Echoes text and binary; the text {@code close:<code>} closes the session with that code. Reports {@code ended}
 * once the session has finished closing (after onClose and the container's own bookkeeping, meters included).
 */
@ServerEndpoint("/metered")
public class MeteredEndpoint {

    @OnOpen
    public void onOpen(Session session) {
        ((WebSocketSession) session).whenClosed(() -> Reports.add(session, "ended"));
    }

    @OnMessage
    public void onText(String text, Session session) throws IOException {
        if (text.startsWith("close:")) {
            int code = Integer.parseInt(text.substring("close:".length()));
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), "asked to"));
            return;
        }
        session.getBasicRemote().sendText(text);
    }

    @OnMessage
    public void onBinary(ByteBuffer data, Session session) throws IOException {
        session.getBasicRemote().sendBinary(data);
    }
}
