package dev.wharf.samples.chat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chat rooms over a plain-text protocol any WebSocket client can speak:
 * {@code ws://host:8080/chat/{room}?name=alice}. Each text message is relayed to the room as {@code alice: text};
 * the room's notices start with {@code * }: {@code * alice joined}, {@code * alice left} and, after each change,
 * {@code * members: alice, bob}. A missing, malformed or taken name, or a bad room name, is refused with close code
 * 1008 and the reason.
 */
@ServerEndpoint("/chat/{room}")
public class ChatEndpoint {

    /** Larger messages close the session with 1009; a chat line has no business being bigger. */
    static final int MAX_MESSAGE = 4096;
    private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    // Endpoint instances are per connection; the rooms are shared by all of them (one set per web application).
    private static final Rooms ROOMS = new Rooms();

    private Room room;
    private String name;

    @OnOpen
    public void open(Session session, @PathParam("room") String roomName) throws IOException {
        List<String> names = session.getRequestParameterMap().getOrDefault("name", List.of());
        String requested = names.isEmpty() ? null : names.get(0);
        Optional<String> problem = ROOM_NAME.matcher(roomName).matches()
                ? MemberName.problem(requested)
                : Optional.of("room names are 1-32 letters, digits, - or _");
        if (problem.isPresent()) {
            session.close(new CloseReason(CloseCodes.VIOLATED_POLICY, problem.get()));
            return;
        }
        String member = requested.strip();
        Optional<Room> joined = ROOMS.join(roomName, member, session);
        if (joined.isEmpty()) {
            session.close(new CloseReason(CloseCodes.VIOLATED_POLICY, "name taken in this room"));
            return;
        }
        room = joined.get();
        name = member;
        room.broadcast("* " + name + " joined");
        room.broadcast(room.memberLine());
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public void message(String text) {
        if (room != null) {
            room.broadcast(name + ": " + text);
        }
    }

    @OnClose
    public void close(Session session) {
        if (room != null) {
            ROOMS.leave(room, name, session);
            room.broadcast("* " + name + " left");
            room.broadcast(room.memberLine());
        }
    }
}
