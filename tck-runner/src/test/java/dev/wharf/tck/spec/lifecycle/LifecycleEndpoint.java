package dev.wharf.tck.spec.lifecycle;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** Reports each lifecycle event it sees back to the client. */
@ServerEndpoint("/lifecycle")
public class LifecycleEndpoint {

    private int messages;

    @OnOpen
    public void open(Session session) throws IOException {
        session.getBasicRemote().sendText("open " + session.isOpen());
    }

    @OnMessage
    public String message(String text, Session session) throws IOException {
        if (text.equals("close")) {
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            return null;
        }
        // Spec 2.1: one endpoint instance per connection (the default configurator).
        return "message " + (++messages) + " " + text;
    }
}
