package dev.wharf.rooms;

/**
 * Carries room broadcasts between servers. The default broker keeps them in this process (there is nobody else to
 * tell); {@code wharf-redis} publishes them on Redis so that members connected to other servers receive them.
 *
 * <p>The rooms code calls {@link #subscribe} when a room gets its first local member and {@link #unsubscribe} when
 * its last local member leaves, so a broker hears only rooms this server has members in. A broadcast is delivered
 * to local members by the rooms code itself and handed to {@link #publish} once for the other servers; what comes
 * from other servers goes to the {@link RemoteDelivery} given to {@link #start}. A broker never delivers a server's
 * own broadcast back to it.
 *
 * <p>No method may block the calling thread on the network: they are called on WebSocket reading and callback
 * threads. A broker that cannot reach its peers counts and logs what it could not deliver.
 */
public interface RoomBroker extends AutoCloseable {

    /** Called once, before any other method: remote broadcasts go to {@code delivery} from now on. */
    void start(RemoteDelivery delivery);

    /** This server now has a member in {@code room}: deliver other servers' broadcasts to it. */
    void subscribe(String room);

    /** This server's last member of {@code room} left: stop delivering its broadcasts here. */
    void unsubscribe(String room);

    /** Hands a broadcast made on this server to the other servers; never blocks. */
    void publish(String room, RoomMessage message);

    /** Broadcasts handed to {@link #publish} that did not reach the other servers (for example while unreachable). */
    long notDelivered();

    /** Stops delivery and releases every connection and thread the broker holds. */
    @Override
    void close();

    /** Where a broker hands the broadcasts that other servers made. */
    @FunctionalInterface
    interface RemoteDelivery {

        /** Delivers {@code message} to this server's members of {@code room}, encode-once, without blocking. */
        void deliver(String room, RoomMessage message);
    }
}
