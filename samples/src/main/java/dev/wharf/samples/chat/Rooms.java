package dev.wharf.samples.chat;

import jakarta.websocket.Session;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every open room by name. A room exists while it has members: joining creates it, the last one leaving removes it.
 * Both happen inside {@code compute}, so a join can never land in a room that is being removed.
 */
final class Rooms {

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();

    /** The room {@code member} joined, or empty if the name is taken there. */
    Optional<Room> join(String room, String member, Session session) {
        boolean[] added = new boolean[1];
        Room joined = rooms.compute(room, (name, existing) -> {
            Room r = existing == null ? new Room(name) : existing;
            added[0] = r.add(member, session);
            return r.isEmpty() ? null : r;
        });
        return added[0] ? Optional.of(joined) : Optional.empty();
    }

    void leave(Room room, String member, Session session) {
        rooms.computeIfPresent(room.name(), (name, existing) -> {
            existing.remove(member, session);
            return existing.isEmpty() ? null : existing;
        });
    }
}
