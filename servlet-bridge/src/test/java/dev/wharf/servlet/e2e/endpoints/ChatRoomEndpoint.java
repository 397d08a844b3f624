package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/**
 * A plain chat room, as applications write them: every message goes to every other member of the room through
 * {@code getOpenSessions()} and asynchronous sends, with no flow control of its own. Reports its close.
 */
@ServerEndpoint("/chat/{room}")
public class ChatRoomEndpoint {

    @OnOpen
    public void opened(Session session) {
        Containers.remember(session);
        List<String> keys = session.getRequestParameterMap().get("report");
        if (keys != null && !keys.isEmpty()) {
            Reports.queue(openedKey(keys.get(0))).add("opened");
        }
    }

    /**
     * Where {@code onOpen} reports each member of a test's room: a client's handshake completes before its session
     * is open on Tomcat (Tomcat writes the 101 and then opens the upgraded connection), so a message sent right
     * after the last handshake may find a member not yet in the room.
     */
    public static String openedKey(String key) {
        return "opened:" + key;
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
