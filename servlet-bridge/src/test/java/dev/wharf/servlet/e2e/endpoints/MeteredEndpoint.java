package dev.wharf.servlet.e2e.endpoints;

import dev.wharf.session.WebSocketSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Echoes text and binary; the text {@code close:<code>} closes the session with that code, {@code ping:<payload>}
 * sends a ping with that payload, {@code idle:<ms>} sets the session's idle timeout. Reports {@code ended}
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
        if (text.startsWith("ping:")) {
            session.getBasicRemote().sendPing(ByteBuffer.wrap(text.substring("ping:".length())
                    .getBytes(StandardCharsets.UTF_8)));
            return;
        }
        if (text.startsWith("idle:")) {
            session.setMaxIdleTimeout(Long.parseLong(text.substring("idle:".length())));
            return;
        }
        session.getBasicRemote().sendText(text);
    }

    @OnMessage
    public void onBinary(ByteBuffer data, Session session) throws IOException {
        session.getBasicRemote().sendBinary(data);
    }
}
