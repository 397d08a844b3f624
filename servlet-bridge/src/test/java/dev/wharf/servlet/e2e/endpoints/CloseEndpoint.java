package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** Reports what {@code @OnClose} sees; on the text {@code close} closes with 4002 "done". */
@ServerEndpoint("/close")
public class CloseEndpoint {

    @OnMessage
    public void onMessage(String message, Session session) throws IOException {
        if (message.equals("close")) {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4002), "done"));
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        Reports.add(session, "close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
    }
}
