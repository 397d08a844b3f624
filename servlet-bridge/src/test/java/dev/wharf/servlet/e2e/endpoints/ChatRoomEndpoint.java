package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * A plain chat room, as applications write them: every message goes to every other member of the room through
 * {@code getOpenSessions()} and asynchronous sends, with no flow control of its own. Reports its close.
 */
@ServerEndpoint("/chat/{room}")
public class ChatRoomEndpoint {

    @OnOpen
    public void opened(Session session) {
        Containers.remember(session);
    }

    @OnMessage(maxMessageSize = 1 << 20)
    public void text(String message, Session session, @PathParam("room") String room) {
        for (Session member : session.getOpenSessions()) {
            if (member != session && room.equals(member.getPathParameters().get("room"))) {
                try {
                    member.getAsyncRemote().sendText(message);
                } catch (IllegalStateException closedMeanwhile) {
                    // the member left (or was closed) since the snapshot: nothing to deliver
                }
            }
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        Reports.add(session, "close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
    }
}
