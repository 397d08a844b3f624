package dev.wharf.bench.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat room per path: every text message is sent to every member of its room, the sender included. A member is
 * welcomed with {@code joined} once it is in the room.
 *
 * <p>Members are kept in our own map rather than found through {@code Session.getOpenSessions()}, whose cost differs
 * widely between containers and is not what the broadcast scenario measures. Sends use the basic remote, one sender
 * at a time per recipient: the only way of sending from several threads that every container accepts (Tomcat
 * refuses a second concurrent send on a session with an {@code IllegalStateException}).
 */
@ServerEndpoint("/room/{name}")
public class RoomEndpoint {

    private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();

    /** Joins the room, then says so: the load generator starts sending only when every member got this. */
    @OnOpen
    public void open(Session session, @PathParam("name") String room) throws IOException {
        ROOMS.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
        synchronized (session) {
            session.getBasicRemote().sendText("joined");
        }
    }

    @OnMessage
    public void message(String text, @PathParam("name") String room) {
        Set<Session> members = ROOMS.get(room);
        if (members == null) {
            return;
        }
        for (Session member : members) {
            synchronized (member) {
                try {
                    if (member.isOpen()) {
                        member.getBasicRemote().sendText(text);
                    }
                } catch (IOException | IllegalStateException e) {
                    // The member is leaving; its @OnClose or @OnError removes it.
                }
            }
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason, @PathParam("name") String room) {
        leave(session, room);
    }

    @OnError
    public void error(Session session, Throwable failure, @PathParam("name") String room) {
        leave(session, room);
    }

    private static void leave(Session session, String room) {
        Set<Session> members = ROOMS.get(room);
        if (members != null) {
            members.remove(session);
        }
    }
}
