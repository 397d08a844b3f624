package dev.wharf.rooms;

import dev.wharf.session.SessionPort;
import dev.wharf.session.SharedMessage;
import jakarta.websocket.EncodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named rooms of sessions and encode-once broadcast to them; one {@code Rooms} per container.
 *
 * <pre>{@code
 * @ServerEndpoint("/chat/{room}")
 * @RoomKey("room")                        // joins /chat/lobby's sessions to room "lobby" before onOpen
 * public class Chat {
 *     @OnMessage
 *     public void onMessage(Session session, String text) {
 *         Rooms rooms = Rooms.of(session);
 *         String room = rooms.roomsOf(session).iterator().next();
 *         rooms.broadcast(room, text, session); // framed once, queued to every other member, never blocks
 *     }
 * }
 * }</pre>
 *
 * <p>A broadcast never blocks on the network and a slow member never slows the room: each member's queue is bounded
 * ({@link #maxQueuedBytesPerMember}), and a member whose queue would pass the bound is closed with 1008 (policy
 * violation) and the reason "room member not reading", counted in {@link #slowMembersClosed()}, and dropped from
 * every room. A session leaves every room when it closes. Thread-safe.
 */
public final class Rooms {

    private static final Map<WebSocketContainer, Rooms> BY_CONTAINER = new WeakHashMap<>();
    /**
     * A fan-out reads the clock for its members' idle clocks once every 256 members (a reading costs about a third of
     * queuing to a member), so that a large room's last members are not told a stale time.
     */
    private static final int CLOCK_READ_MASK = 255;

    private final ConcurrentHashMap<String, Set<Session>> rooms = new ConcurrentHashMap<>();
    /** The rooms each member is in, so that a closing session leaves them all. */
    private final ConcurrentHashMap<Session, Set<String>> memberships = new ConcurrentHashMap<>();
    private final AtomicLong slowMembersClosed = new AtomicLong();
    /** Leaves so far (any room): a fan-out that saw it change during its walk of a room looks for repeats. */
    private final AtomicLong leaves = new AtomicLong();
    /** The writes after fan-outs, done by one fan-out at a time: a member's frames of several broadcasts in one write. */
    private final FanOutWrites<Session> fanOutWrites = new FanOutWrites<>(SessionPort::writeQueued, SessionPort::pool);
    private volatile long maxQueuedBytesPerMember;
    private volatile RoomBroker broker;

    Rooms() {
        RoomBroker inProcess = new InProcessBroker();
        inProcess.start(this::deliverRemote);
        this.broker = inProcess;
    }

    /** The rooms of the container that {@code session} belongs to. */
    public static Rooms of(Session session) {
        return of(session.getContainer());
    }

    /** The rooms of {@code container} (a server container, or a client one for client sessions). */
    public static Rooms of(WebSocketContainer container) {
        Objects.requireNonNull(container, "container");
        synchronized (BY_CONTAINER) {
            return BY_CONTAINER.computeIfAbsent(container, c -> {
                RoomsTap.install();
                return new Rooms();
            });
        }
    }

    /**
     * The rooms of {@code container} if anything used them yet, else null: for the meters, which must not create
     * them (and with them the inbound tap every message then passes).
     */
    public static Rooms ifUsed(WebSocketContainer container) {
        synchronized (BY_CONTAINER) {
            return BY_CONTAINER.get(container);
        }
    }

    /**
     * Whether sessions of an endpoint with this config join a room from their path ({@link RoomKey}); the server
     * container asks at deployment, so that such sessions join from the first one on.
     */
    public static boolean joinsByPath(EndpointConfig config) {
        return PathRooms.keyOf(config) != null;
    }

    // ---- membership ------------------------------------------------------------------------------------------

    /** Adds {@code session} to {@code room}; nothing happens if it is a member already or closed. */
    public void join(Session session, String room) {
        Objects.requireNonNull(room, "room");
        if (!session.isOpen()) {
            return;
        }
        boolean[] first = {false};
        Set<String> mine = memberships.computeIfAbsent(session, s -> {
            first[0] = true;
            return ConcurrentHashMap.newKeySet(2);
        });
        if (first[0]) {
            SessionPort.whenClosed(session, () -> leaveAll(session));
        }
        if (!mine.add(room)) {
            return;
        }
        rooms.compute(room, (name, members) -> {
            if (members == null) {
                members = ConcurrentHashMap.newKeySet();
                broker.subscribe(name); // the first local member: hear other servers' broadcasts to it
            }
            members.add(session);
            return members;
        });
        if (!session.isOpen()) {
            leaveAll(session); // it closed meanwhile, perhaps before its close action was registered
        }
    }

    /** Removes {@code session} from {@code room}; nothing happens if it is not a member. */
    public void leave(Session session, String room) {
        Set<String> mine = memberships.get(session);
        if (mine != null) {
            mine.remove(room);
        }
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(session);
            if (members.isEmpty()) {
                broker.unsubscribe(name); // the last local member left
                return null;
            }
            return members;
        });
        leaves.incrementAndGet(); // after the removal: a fan-out walking the room meanwhile sees it changed (fanOut)
    }

    /** Removes {@code session} from every room it is in (done for every session when it closes). */
    public void leaveAll(Session session) {
        Set<String> mine = memberships.remove(session);
        if (mine != null) {
            for (String room : mine) {
                leave(session, room);
            }
        }
    }

    /** The members of {@code room}: a live, unmodifiable view (iterating it copies nothing), empty if none. */
    public Set<Session> members(String room) {
        Set<Session> members = rooms.get(room);
        return members == null ? Set.of() : Collections.unmodifiableSet(members);
    }

    /** How many sessions are in {@code room}. */
    public int count(String room) {
        Set<Session> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    /** The rooms {@code session} is in: a live, unmodifiable view. */
    public Set<String> roomsOf(Session session) {
        Set<String> mine = memberships.get(session);
        return mine == null ? Set.of() : Collections.unmodifiableSet(mine);
    }

    /** The names of the rooms that have members here now. */
    public Set<String> names() {
        return Collections.unmodifiableSet(rooms.keySet());
    }

    // ---- broadcast -------------------------------------------------------------------------------------------

    /** Sends {@code text} to every member of {@code room}; see {@link #broadcast(String, String, Session)}. */
    public int broadcast(String room, String text) {
        return broadcast(room, text, null);
    }

    /**
     * Sends {@code text} to every member of {@code room} but {@code except} (null: to all), encoded and framed once,
     * and hands it to the broker for the other servers. Returns at once.
     *
     * @return how many local members it was queued to
     */
    public int broadcast(String room, String text, Session except) {
        return broadcast(room, SharedMessage.text(text), except);
    }

    /** Sends binary {@code data} (its remaining bytes, copied once) like {@link #broadcast(String, String, Session)}. */
    public int broadcast(String room, ByteBuffer data, Session except) {
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return broadcast(room, SharedMessage.of(false, bytes), except);
    }

    /**
     * Sends {@code value}, encoded once with {@code sender}'s encoders (as {@code sendObject} would), to every member
     * of {@code room}; to {@code sender} too unless {@code excludeSender}.
     */
    public int broadcastObject(Session sender, String room, Object value, boolean excludeSender) throws EncodeException {
        return broadcast(room, SessionPort.encode(sender, value), excludeSender ? sender : null);
    }

    private int broadcast(String room, SharedMessage message, Session except) {
        int queued = fanOut(room, message, except);
        broker.publish(room, new RoomMessage(message.isText(), message.payload()));
        return queued;
    }

    /** Where the broker hands other servers' broadcasts: to local members only, never published again. */
    private void deliverRemote(String room, RoomMessage message) {
        fanOut(room, SharedMessage.of(message.text(), message.payload()), null);
    }

    private int fanOut(String room, SharedMessage message, Session except) {
        Set<Session> members = rooms.get(room);
        if (members == null) {
            return 0;
        }
        // Queue to every member first, then write: a member's write then carries what other broadcasts queued to it
        // meanwhile (one system call for several frames), and no broadcaster waits for another's write to a member.
        // The writes go to whichever fan-out is writing already (FanOutWrites, flat combining): this one then only
        // queues. (The members queued to are remembered: one that leaves the room in between must still get its frame.)
        long leavesBefore = leaves.get();
        Session[] queuedTo = new Session[members.size()];
        int count = 0;
        for (Session member : members) {
            if (count == queuedTo.length) {
                queuedTo = Arrays.copyOf(queuedTo, count * 2 + 1); // joined meanwhile
            }
            queuedTo[count++] = member;
        }
        if (leaves.get() != leavesBefore) {
            // The set's iterator may meet a member that left and joined again during the walk twice (once as the
            // entry it removed, once as the one it added): it gets the frame once.
            count = withoutRepeats(queuedTo, count);
        }
        int queued = 0;
        long now = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                if ((i & CLOCK_READ_MASK) == CLOCK_READ_MASK) {
                    now = System.nanoTime();
                }
                Session member = queuedTo[i];
                if (member != except && queue(member, message, now)) {
                    queuedTo[queued++] = member; // i >= queued: the array is compacted in place
                }
            }
        } finally {
            fanOutWrites.write(queuedTo, queued);
        }
        return queued;
    }

    /** Drops the second and later sightings of a member from {@code members[0 .. count)}; returns the new count. */
    private static int withoutRepeats(Session[] members, int count) {
        Set<Session> seen = Collections.newSetFromMap(new IdentityHashMap<>(count * 2));
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (seen.add(members[i])) {
                members[kept++] = members[i];
            }
        }
        return kept;
    }

    private boolean queue(Session member, SharedMessage message, long nowNanos) {
        long limit = memberLimit(member);
        switch (SessionPort.queueShared(member, message, limit, nowNanos)) {
            case QUEUED:
                return true;
            case OVER_LIMIT:
                closeSlow(member, limit);
                return false;
            case BUSY:
                // The application is sending a fragmented message to this member: the broadcast waits for its end
                // on a callback thread, not on the broadcaster's.
                SessionPort.pool(member).execute(() -> {
                    if (SessionPort.sendShared(member, message, limit, true) == SessionPort.Sent.OVER_LIMIT) {
                        closeSlow(member, limit);
                    }
                });
                return true;
            default:
                return false;
        }
    }

    private void closeSlow(Session member, long limit) {
        leaveAll(member);
        slowMembersClosed.incrementAndGet();
        SessionPort.closeSlowMember(member, "room member not reading: over " + limit + " queued bytes");
    }

    private long memberLimit(Session member) {
        long limit = maxQueuedBytesPerMember;
        return limit > 0 ? limit : SessionPort.maxSendQueueBytes(member);
    }

    // ---- settings and figures --------------------------------------------------------------------------------

    /**
     * Bounds the bytes queued to one member (frames not yet written) at which a broadcast closes it; 0 (the default)
     * means the container's {@code dev.wharf.maxSendQueueBytes}.
     */
    public void maxQueuedBytesPerMember(long bytes) {
        maxQueuedBytesPerMember = bytes;
    }

    /** Members closed so far because their queue overflowed during a broadcast. */
    public long slowMembersClosed() {
        return slowMembersClosed.get();
    }

    /**
     * Carries broadcasts to and from other servers through {@code newBroker} from now on (the default broker keeps
     * them in this process). The broker is started, subscribed to every room with members here, and the previous
     * broker is closed.
     */
    public synchronized void useBroker(RoomBroker newBroker) {
        Objects.requireNonNull(newBroker, "broker");
        RoomBroker old = broker;
        newBroker.start(this::deliverRemote);
        for (String room : rooms.keySet()) {
            newBroker.subscribe(room);
        }
        broker = newBroker;
        old.close();
    }

    /** The broker in use. */
    public RoomBroker broker() {
        return broker;
    }

    /** Closes the broker (called when the container stops). Rooms stay usable in this process only. */
    public synchronized void closeBroker() {
        RoomBroker old = broker;
        RoomBroker inProcess = new InProcessBroker();
        inProcess.start(this::deliverRemote);
        broker = inProcess;
        old.close();
    }
}
