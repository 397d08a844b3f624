package dev.wharf.samples.chat;

import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one chat room, in joining order. Membership changes under the room's lock; sending happens
 * outside it, to a snapshot, so a slow member never holds up a join.
 */
final class Room {

    private final String name;
    private final Map<String, Session> members = new LinkedHashMap<>();

    Room(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Adds {@code session} as {@code member}; false if someone in the room already has that name. */
    synchronized boolean add(String member, Session session) {
        return members.putIfAbsent(member, session) == null;
    }

    synchronized void remove(String member, Session session) {
        members.remove(member, session);
    }

    synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    /** {@code * members: alice, bob} */
    synchronized String memberLine() {
        return "* members: " + String.join(", ", members.keySet());
    }

    /**
     * Sends {@code line} to everyone in the room. The text is encoded once, here, and the same String handed to
     * every member's asynchronous remote: no per-recipient work but the send, and a slow member only fills its own
     * send queue (Wharf closes it with 1008 if that queue overflows).
     */
    void broadcast(String line) {
        List<Session> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(members.values());
        }
        for (Session member : snapshot) {
            if (member.isOpen()) {
                member.getAsyncRemote().sendText(line);
            }
        }
    }
}
