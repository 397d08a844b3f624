package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** Says which room and user it was bound to; {@code id + 1} proves the int conversion. */
@ServerEndpoint("/rooms/{room}/users/{id}")
public class RoomUserEndpoint {

    @OnOpen
    public void onOpen(Session session, @PathParam("room") String room, @PathParam("id") int id) throws IOException {
        session.getBasicRemote().sendText("template room=" + room + " id+1=" + (id + 1));
    }
}
