package dev.wharf.boot.it.app;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.springframework.stereotype.Component;

/**
 * Echoes through {@code RemoteEndpoint.Async} with a {@code SendHandler}, then reports the handler's {@code SendResult}
 * in a second message: the send-completion path Boot 3.5's managed WebSocket 2.1 API must carry too.
 */
@Component
@ServerEndpoint("/async-echo")
public class AsyncEcho {

    @OnMessage
    public void echo(String text, Session session) {
        session.getAsyncRemote().sendText(text, result -> session.getAsyncRemote()
                .sendText(result.isOK() ? "sent" : "failed: " + result.getException()));
    }
}
