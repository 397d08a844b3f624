package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** Answers every message with three blocking sends from inside {@code @OnMessage}. */
@ServerEndpoint("/triple")
public class TripleEndpoint {

    @OnMessage
    public void onMessage(String message, Session session) throws IOException {
        for (int i = 1; i <= 3; i++) {
            session.getBasicRemote().sendText(message + "#" + i);
        }
    }
}
