package dev.wharf.rooms;

import java.util.function.Function;

/**
 * Makes a {@link RoomBroker} from configuration; found with {@link java.util.ServiceLoader} and chosen by the
 * {@code dev.wharf.rooms.broker} init parameter (its {@link #name()}, for example {@code redis}).
 */
public interface RoomBrokerProvider {

    /** The name that selects this provider in {@code dev.wharf.rooms.broker}. */
    String name();

    /**
     * A broker configured from {@code settings}, which looks up an init parameter by its full name (for example
     * {@code dev.wharf.redis.url}) and returns null when it is not set. A bad setting fails with a message naming it.
     */
    RoomBroker create(Function<String, String> settings);

    /** An attachment store on the same service, or null if this provider has none. */
    default AttachmentStore attachmentStore(Function<String, String> settings) {
        return null;
    }
}
