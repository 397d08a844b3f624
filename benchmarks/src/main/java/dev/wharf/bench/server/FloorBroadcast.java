package dev.wharf.bench.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floor's rooms ({@code /room/{name}}, the broadcast scenarios' protocol), one per selector thread: a member is
 * welcomed with {@code joined}, and each text or binary message it sends goes to every member, the sender included,
 * in the order the server read them.
 *
 * <p>A room is served by one selector thread, the one that took its first member: a connection upgraded on another
 * thread is handed over to it once welcomed, so that a broadcast never crosses threads (two threads relaying to
 * each other let the sender's thread run ahead of the other's members, with no bound on the backlog). Work is done
 * per <em>pass</em> of the thread (one {@code select} and the keys it returned): every frame is made once into the
 * thread's pass buffer (unmasked), each member collects the ranges of that buffer due to it, and when the pass ends
 * each member due something gets <b>one gathering write</b> of its ranges. What a socket does not take is copied into
 * the member's connection ({@link FloorConnection#unwritten}) and later frames are appended to it; past
 * {@link #MAX_UNWRITTEN} the member is dropped. Messages must be single frames: a fragment is answered with close 1003
 * (the floor does not interleave fragments of several senders).
 */
final class FloorBroadcast implements FloorFrames.Output {

    /** What every selector thread shares: the rooms by name and the threads' broadcasts, by thread index. */
    static final class Hall {
        final ConcurrentHashMap<String, FloorRoom> rooms = new ConcurrentHashMap<>();
        final FloorBroadcast[] loops;

        Hall(int threads) {
            loops = new FloorBroadcast[threads];
        }
    }

    /** A welcomed connection handed over to its room's thread. */
    private record Arrival(SocketChannel channel, FloorConnection connection, String room) {}

    static final String PATH = "/room/";
    private static final int BUFFER = 64 * 1024;
    /** Bytes a member may have waiting for its socket before it is dropped. */
    static final int MAX_UNWRITTEN = 4 << 20;
    /** The welcome, sent once the member is in its room. */
    static final byte[] JOINED = {(byte) 0x81, 6, 'j', 'o', 'i', 'n', 'e', 'd'};
    /** Close 1003 (unsupported data): the answer to a fragment. */
    private static final byte[] FRAGMENT_REFUSED = {(byte) 0x88, 2, 0x03, (byte) 0xEB};

    private final Hall hall;
    private final int index;
    private final Selector selector;
    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private ByteBuffer pass = ByteBuffer.allocateDirect(BUFFER);
    /** Views of {@link #pass}, one per range of a member's gathering write. */
    private final ByteBuffer[] views = new ByteBuffer[FloorMember.MAX_RANGES];
    /** Members whose connection this pass closed, to take out of their rooms when it ends. */
    private final List<FloorMember> dropped = new ArrayList<>();
    /** Members due a write when the pass ends. */
    private final List<FloorMember> due = new ArrayList<>();
    /** Where the frame {@link FloorFrames} is making starts in {@link #pass}, or -1 when it made none. */
    private int frameStart = -1;

    FloorBroadcast(Hall hall, int index, Selector selector) {
        this.hall = hall;
        this.index = index;
        this.selector = selector;
        makeViews();
        hall.loops[index] = this;
    }

    private void makeViews() {
        for (int i = 0; i < views.length; i++) {
            views[i] = pass.duplicate();
        }
    }

    /** Whether {@code path} names a room. */
    static boolean isRoom(String path) {
        return path.startsWith(PATH) && path.length() > PATH.length();
    }

    /**
     * Puts a connection just upgraded on {@code path}, and welcomed ({@link #JOINED} written or kept in
     * {@link FloorConnection#unwritten}), in its room. Returns whether it was handed over to another thread: this
     * one must then leave it alone.
     */
    boolean join(SelectionKey key, FloorConnection c, String path) {
        return settle(key, (SocketChannel) key.channel(), c, path.substring(PATH.length()));
    }

    /** At the start of a pass: the connections handed over to this thread. */
    void takeArrivals() {
        for (Arrival a; (a = arrivals.poll()) != null; ) {
            settle(null, a.channel, a.connection, a.room);
        }
    }

    /**
     * Joins the connection to its room if this thread serves it (creating the room if there is none), else hands it
     * over to the room's thread. Under the map's lock, so that a room cannot be dropped by its last member leaving
     * while a member joins it. {@code key}: the connection's key on this thread, or null (not registered here yet).
     */
    private boolean settle(SelectionKey key, SocketChannel channel, FloorConnection c, String name) {
        int[] owner = {index};
        hall.rooms.compute(name, (n, room) -> {
            FloorRoom r = room == null ? new FloorRoom(index) : room;
            owner[0] = r.owner;
            if (r.owner == index) {
                try {
                    SelectionKey k = key != null ? key : channel.register(selector,
                            c.unwritten == null ? SelectionKey.OP_READ : SelectionKey.OP_WRITE, c);
                    c.member = new FloorMember(k, c, r, n);
                    r.members.add(c.member);
                } catch (java.nio.channels.ClosedChannelException | java.nio.channels.CancelledKeyException e) {
                    // closed meanwhile: nothing to join
                }
            }
            return r.members.isEmpty() ? room : r;
        });
        if (owner[0] == index) {
            return false;
        }
        if (key != null) {
            key.cancel();
        }
        hall.loops[owner[0]].arrive(new Arrival(channel, c, name));
        return true;
    }

    private void arrive(Arrival a) {
        arrivals.add(a);
        selector.wakeup();
    }

    /** Takes the member of a closed connection out of its room (not while its room's members are walked). */
    void leave(FloorMember m) {
        m.gone = true;
        hall.rooms.computeIfPresent(m.roomName, (n, room) -> {
            room.members.remove(m);
            return room.members.isEmpty() ? null : room;
        });
    }

    /** Parses and answers the frames of a member's read. */
    void read(FloorMember m, ByteBuffer bytes) throws IOException {
        FloorConnection c = m.connection;
        while (!c.closing) {
            frameStart = -1;
            boolean more = FloorFrames.frame(c, bytes, this);
            if (frameStart >= 0 && pass.position() > frameStart) {
                dispatch(m, frameStart, pass.position());
            }
            if (!more) {
                break;
            }
        }
    }

    private void dispatch(FloorMember m, int start, int end) {
        int b0 = pass.get(start);
        int opcode = b0 & 0x0F;
        boolean fin = (b0 & 0x80) != 0;
        if ((opcode == 1 || opcode == 2) && fin) {
            broadcast(m.room, start, end);
        } else if (opcode < 8) {
            pass.position(start);
            pass.put(FRAGMENT_REFUSED);
            m.connection.closing = true;
            add(m, start, pass.position());
        } else { // pong or close: for the member alone
            add(m, start, end);
        }
    }

    private void broadcast(FloorRoom room, int start, int end) {
        for (FloorMember member : room.members) {
            add(member, start, end);
        }
    }

    /** At the end of a pass: one write per member due something. */
    void endPass() {
        writeDue();
        for (FloorMember m : dropped) {
            leave(m);
        }
        dropped.clear();
    }

    private void writeDue() {
        for (FloorMember m : due) {
            m.due = false;
            write(m);
        }
        due.clear();
        pass.clear();
    }

    /** Makes room for a frame of {@code needed} bytes in the pass buffer: writes the pass so far if it is full. */
    @Override
    public ByteBuffer room(int needed) {
        if (pass.remaining() < needed) {
            writeDue();
            if (pass.capacity() < needed) {
                pass = ByteBuffer.allocateDirect(needed);
                makeViews();
            }
        }
        frameStart = pass.position();
        return pass;
    }

    private void add(FloorMember m, int start, int end) {
        if (m.gone) {
            return;
        }
        if (m.ranges > 0 && m.ends[m.ranges - 1] == start) {
            m.ends[m.ranges - 1] = end;
        } else {
            if (m.ranges == FloorMember.MAX_RANGES) {
                write(m);
            }
            m.starts[m.ranges] = start;
            m.ends[m.ranges] = end;
            m.ranges++;
        }
        if (!m.due) {
            m.due = true;
            due.add(m);
        }
    }

    /** One gathering write of the member's ranges; what the socket does not take waits in the connection. */
    private void write(FloorMember m) {
        int n = m.ranges;
        m.ranges = 0;
        if (n == 0 || m.gone) {
            return;
        }
        FloorConnection c = m.connection;
        for (int i = 0; i < n; i++) {
            views[i].clear().position(m.starts[i]).limit(m.ends[i]);
        }
        try {
            if (c.unwritten == null) {
                ((SocketChannel) m.key.channel()).write(views, 0, n);
            }
            int left = 0;
            for (int i = 0; i < n; i++) {
                left += views[i].remaining();
            }
            if (left > 0) {
                keep(m, n, left);
            } else if (c.closing) {
                end(m);
            }
        } catch (IOException e) {
            end(m); // reset by the peer, or the like
        }
    }

    private void keep(FloorMember m, int n, int left) {
        FloorConnection c = m.connection;
        int held = c.unwritten == null ? 0 : c.unwritten.remaining();
        if (held + left > MAX_UNWRITTEN) {
            end(m);
            return;
        }
        ByteBuffer kept = c.unwritten;
        if (kept == null || kept.capacity() - held < left) {
            // doubling, so that a member slow for a while costs a copy per doubling, not per pass
            ByteBuffer grown = ByteBuffer.allocate(Math.max(held + left, Math.min(2 * (held + left), MAX_UNWRITTEN)));
            if (kept != null) {
                grown.put(kept);
            }
            kept = grown;
        } else {
            kept.compact();
        }
        for (int i = 0; i < n; i++) {
            kept.put(views[i]);
        }
        c.unwritten = kept.flip();
        m.key.interestOps(SelectionKey.OP_WRITE);
    }

    /** Closes a member's connection; it leaves its room when the pass ends (its room's members may be walked now). */
    private void end(FloorMember m) {
        m.gone = true;
        dropped.add(m);
        m.key.cancel();
        try {
            m.key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
