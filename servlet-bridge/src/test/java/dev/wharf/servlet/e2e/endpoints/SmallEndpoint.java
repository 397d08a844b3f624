package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** Accepts text messages of at most 1024 bytes. */
@ServerEndpoint("/small")
public class SmallEndpoint {

    public static final int MAX = 1024;

    @OnMessage(maxMessageSize = MAX)
    public String onMessage(String message) {
        return "got " + message.length();
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        Reports.add(session, "close " + reason.getCloseCode().getCode());
    }
}
