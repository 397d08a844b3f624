package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** An exact path that the {@code /rooms/{room}/users/{id}} template also matches. */
@ServerEndpoint("/rooms/lobby/users/me")
public class LobbyMeEndpoint {

    @OnOpen
    public void onOpen(Session session) throws IOException {
        session.getBasicRemote().sendText("exact");
    }
}
