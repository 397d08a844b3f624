package dev.wharf.redis;

import dev.wharf.rooms.AttachmentStore;
import dev.wharf.rooms.RoomBroker;
import dev.wharf.rooms.RoomBrokerProvider;
import java.util.function.Function;

/** Selected by {@code dev.wharf.rooms.broker=redis}; configured by the {@code dev.wharf.redis.*} init parameters. */
public final class RedisRoomBrokerProvider implements RoomBrokerProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public RoomBroker create(Function<String, String> settings) {
        return RedisRoomBroker.create(RedisSettings.fromInitParameters(settings));
    }

    @Override
    public AttachmentStore attachmentStore(Function<String, String> settings) {
        return RedisAttachmentStore.create(RedisSettings.fromInitParameters(settings));
    }
}
