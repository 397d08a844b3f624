package dev.wharf.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Room names to Redis channel names and back: a channel is the configured prefix followed by the room's UTF-8 name,
 * so servers sharing a prefix share rooms, and a channel without the prefix belongs to someone else.
 */
final class RoomChannels {

    private final byte[] prefix;

    RoomChannels(String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    byte[] channel(String room) {
        byte[] name = room.getBytes(StandardCharsets.UTF_8);
        byte[] channel = Arrays.copyOf(prefix, prefix.length + name.length);
        System.arraycopy(name, 0, channel, prefix.length, name.length);
        return channel;
    }

    /** The room of {@code channel}, or null if it is not one of these channels. */
    String room(byte[] channel) {
        if (channel.length < prefix.length || !Arrays.equals(channel, 0, prefix.length, prefix, 0, prefix.length)) {
            return null;
        }
        return new String(channel, prefix.length, channel.length - prefix.length, StandardCharsets.UTF_8);
    }
}
