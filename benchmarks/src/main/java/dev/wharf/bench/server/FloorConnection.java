package dev.wharf.bench.server;

import java.nio.ByteBuffer;

/**
 * What the floor keeps per connection: an idle, open connection holds this object with every buffer null (the
 * selector threads' buffers serve every read and write that completes at once).
 */
final class FloorConnection {

    /** Whether the upgrade completed: bytes are frames, not an HTTP head. */
    boolean open;
    /** A text or binary message started with a non-final frame and continuation frames are due. */
    boolean inFragmentedMessage;
    /** A close frame was queued: no more frames are read, and TCP closes once it is written. */
    boolean closing;
    /** Received bytes not yet parsed (a partial head or frame), in read mode; null when none. */
    ByteBuffer unparsed;
    /** Bytes the socket did not take, in read mode; null when none. While set, the connection reads nothing. */
    ByteBuffer unwritten;
    /** Its place in a room, for a connection upgraded on {@code /room/{name}} ({@link FloorBroadcast}); else null. */
    FloorMember member;
}
