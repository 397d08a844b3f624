package dev.wharf.bench.server;

import java.util.ArrayList;
import java.util.List;

/**
 * One room of the floor's {@code /room/{name}} (the broadcast scenarios' protocol): served by one selector thread,
 * its owner, which holds every member's connection, so that a broadcast never crosses threads. Its members are
 * changed under the hall's map lock by the owner only, and read by the owner only.
 */
final class FloorRoom {

    /** Index of the selector thread that serves the room. */
    final int owner;
    final List<FloorMember> members = new ArrayList<>();

    FloorRoom(int owner) {
        this.owner = owner;
    }
}
