package dev.wharf.redis;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which rooms this server wants to hear, and bringing Redis to agree.
 *
 * <p>Each room counts its {@link #add}s minus its {@link #remove}s; a (un)subscribe command goes out when the count
 * leaves or reaches zero. Redis's own confirmations ({@link #confirmedSubscribed}, {@link #confirmedUnsubscribed})
 * are compared with the wanted set as they arrive, and a disagreeing one is answered with the command that corrects
 * it. Because every change of the wanted set sends a command and every command is sent under this object's lock, in
 * order on one connection (the subscribing connection of the room's node, on a cluster), the last command Redis applies for a room always matches what is wanted for it, whatever
 * was lost while Redis was away or resubscribed by the client on its own after reconnecting; {@link #resync} after a
 * reconnection re-sends the whole wanted set.
 */
final class RoomSubscriptions {

    /** Sends SUBSCRIBE/UNSUBSCRIBE (or their sharded forms) without blocking; failures are simply dropped. */
    interface Commands {
        void subscribe(String room);

        void unsubscribe(String room);
    }

    private final Commands commands;
    private final Map<String, Integer> members = new HashMap<>();
    private final Set<String> confirmed = new HashSet<>();

    RoomSubscriptions(Commands commands) {
        this.commands = commands;
    }

    synchronized void add(String room) {
        if (members.merge(room, 1, Integer::sum) == 1) {
            commands.subscribe(room);
        }
    }

    synchronized void remove(String room) {
        Integer count = members.get(room);
        if (count == null) {
            return;
        }
        if (count == 1) {
            members.remove(room);
            commands.unsubscribe(room);
        } else {
            members.put(room, count - 1);
        }
    }

    synchronized void confirmedSubscribed(String room) {
        confirmed.add(room);
        if (!members.containsKey(room)) {
            commands.unsubscribe(room);
        }
    }

    synchronized void confirmedUnsubscribed(String room) {
        confirmed.remove(room);
        if (members.containsKey(room)) {
            commands.subscribe(room);
        }
    }

    /** After (re)connecting: subscribe every wanted room, unsubscribe every confirmed one no longer wanted. */
    synchronized void resync() {
        members.keySet().forEach(commands::subscribe);
        for (String room : Set.copyOf(confirmed)) {
            if (!members.containsKey(room)) {
                commands.unsubscribe(room);
            }
        }
    }

    synchronized boolean wanted(String room) {
        return members.containsKey(room);
    }

    synchronized int rooms() {
        return members.size();
    }
}
