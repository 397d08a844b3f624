package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Echoes text with the container's default limits. */
@ServerEndpoint("/plain-echo")
public class PlainEchoEndpoint {

    @OnMessage
    public String echo(String message) {
        return message;
    }
}
