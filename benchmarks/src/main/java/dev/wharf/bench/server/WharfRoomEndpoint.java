package dev.wharf.bench.server;

import dev.wharf.rooms.RoomKey;
import dev.wharf.rooms.Rooms;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * {@link RoomEndpoint}'s room on Wharf's rooms API: the session joins its room before {@code onOpen}, a message is
 * encoded and framed once and queued to every member (the sender included), and the call returns at once. Deployed
 * on Wharf contenders only (see {@link Launcher#wharfEndpoints()}).
 */
@ServerEndpoint("/rooms/{name}")
@RoomKey("name")
public class WharfRoomEndpoint {

    @OnOpen
    public void open(Session session) throws IOException {
        session.getBasicRemote().sendText("joined");
    }

    @OnMessage
    public void message(Session session, String text, @PathParam("name") String room) {
        Rooms.of(session).broadcast(room, text);
    }
}
