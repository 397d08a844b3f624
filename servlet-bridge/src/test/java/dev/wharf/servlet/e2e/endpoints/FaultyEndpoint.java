package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** Throws on the text {@code boom}; {@code @OnError} reports the failure back on the same session. */
@ServerEndpoint("/faulty")
public class FaultyEndpoint {

    @OnMessage
    public String onMessage(String message) {
        if (message.equals("boom")) {
            throw new IllegalStateException("boom");
        }
        return "ok:" + message;
    }

    @OnError
    public void onError(Session session, Throwable error) throws IOException {
        Throwable cause = error;
        while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        session.getBasicRemote().sendText("error:" + cause.getClass().getSimpleName() + ":" + cause.getMessage());
    }
}
