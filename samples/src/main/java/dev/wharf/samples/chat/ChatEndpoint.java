package dev.wharf.samples.chat;

import dev.wharf.rooms.Rooms;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Chat rooms over a plain-text protocol any WebSocket client can speak:
 * {@code ws://host:8080/chat/{room}?name=alice}. Each text message is relayed to the room as {@code alice: text};
 * the room's notices start with {@code * }: {@code * alice joined}, {@code * alice left} and, after each change,
 * {@code * members: alice, bob}. A missing, malformed or taken name, or a bad room name, is refused with close code
 * 1008 and the reason.
 *
 * <p>Membership and delivery are Wharf's rooms ({@link Rooms}): each line is encoded and framed once and queued to
 * every member; a member that stops reading is closed with 1008 when its queue overflows, without slowing the room.
 */
@ServerEndpoint("/chat/{room}")
public class ChatEndpoint {

    /** Larger messages close the session with 1009; a chat line has no business being bigger. */
    static final int MAX_MESSAGE = 4096;
    private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final String NAME = "chat.name";
    private static final String JOINED = "chat.joined";
    /** Orders the member list by joining time. */
    private static final AtomicLong JOINS = new AtomicLong();

    private String room;
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
        Rooms rooms = Rooms.of(session);
        synchronized (ChatEndpoint.class) { // the name check and the join are one step
            boolean taken = rooms.members(roomName).stream()
                    .anyMatch(s -> member.equals(s.getUserProperties().get(NAME)));
            if (taken) {
                session.close(new CloseReason(CloseCodes.VIOLATED_POLICY, "name taken in this room"));
                return;
            }
            session.getUserProperties().put(NAME, member);
            session.getUserProperties().put(JOINED, JOINS.incrementAndGet());
            rooms.join(session, roomName);
        }
        room = roomName;
        name = member;
        rooms.broadcast(room, "* " + name + " joined");
        rooms.broadcast(room, memberLine(rooms));
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public void message(Session session, String text) {
        if (room != null) {
            Rooms.of(session).broadcast(room, name + ": " + text);
        }
    }

    @OnClose
    public void close(Session session) {
        if (room != null) {
            Rooms rooms = Rooms.of(session);
            rooms.leave(session, room); // now, so that the member line below no longer lists it
            rooms.broadcast(room, "* " + name + " left");
            rooms.broadcast(room, memberLine(rooms));
        }
    }

    /** {@code * members: alice, bob}, in joining order. */
    private String memberLine(Rooms rooms) {
        return "* members: " + rooms.members(room).stream()
                .sorted(Comparator.comparingLong(s -> (Long) s.getUserProperties().get(JOINED)))
                .map(s -> (String) s.getUserProperties().get(NAME))
                .collect(Collectors.joining(", "));
    }
}
