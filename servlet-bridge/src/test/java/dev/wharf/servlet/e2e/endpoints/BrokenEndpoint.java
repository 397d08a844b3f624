package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Cannot be created: every handshake for it fails with 500. */
@ServerEndpoint("/broken")
public class BrokenEndpoint {

    public BrokenEndpoint() {
        throw new IllegalStateException("this endpoint cannot be created");
    }

    @OnMessage
    public String onMessage(String message) {
        return message;
    }
}
