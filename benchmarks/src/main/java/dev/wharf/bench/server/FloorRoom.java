package dev.wharf.bench.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One room of the floor's {@code /room/{name}} (the broadcast scenarios' protocol): its members, kept per selector
 * thread so that each list is read and changed by its own thread only. Other threads only read how many members
 * a thread has, to relay a message to the threads that have some.
 */
final class FloorRoom {

    /** Members per selector thread, each list touched by that thread only. */
    private final List<List<FloorMember>> members;
    /** How many members each selector thread holds (read by the others). */
    private final AtomicIntegerArray counts;

    FloorRoom(int threads) {
        members = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            members.add(new ArrayList<>());
        }
        counts = new AtomicIntegerArray(threads);
    }

    /** Thread {@code loop}'s members; only that thread may call this. */
    List<FloorMember> membersOf(int loop) {
        return members.get(loop);
    }

    boolean hasMembersOn(int loop) {
        return counts.get(loop) > 0;
    }

    boolean isEmpty() {
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) > 0) {
                return false;
            }
        }
        return true;
    }

    void join(int loop, FloorMember member) {
        members.get(loop).add(member);
        counts.incrementAndGet(loop);
    }

    void leave(int loop, FloorMember member) {
        if (members.get(loop).remove(member)) {
            counts.decrementAndGet(loop);
        }
    }
}
