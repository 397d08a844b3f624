package dev.wharf.bench.server;

import java.nio.channels.SelectionKey;

/**
 * A room member of the floor, on its room's selector thread: the ranges of that thread's pass buffer
 * ({@link FloorBroadcast}) due to it in this pass, written in one gathering write when the pass ends.
 */
final class FloorMember {

    /** Ranges a member may collect before it is written early (each range is one buffer of the gathering write). */
    static final int MAX_RANGES = 16;

    final SelectionKey key;
    final FloorConnection connection;
    final FloorRoom room;
    final String roomName;
    /** Start and end offsets in the pass buffer of the bytes due, in order; adjacent ranges are merged. */
    final int[] starts = new int[MAX_RANGES];
    final int[] ends = new int[MAX_RANGES];
    int ranges;
    /** Already in the pass's list of members to write. */
    boolean due;
    /** Left the room (closed): nothing more is written to it. */
    boolean gone;

    FloorMember(SelectionKey key, FloorConnection connection, FloorRoom room, String roomName) {
        this.key = key;
        this.connection = connection;
        this.room = room;
        this.roomName = roomName;
    }
}
