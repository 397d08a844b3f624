package dev.wharf.rooms;

import java.util.Objects;

/**
 * One broadcast as it travels between servers: the payload of a whole WebSocket message, already encoded (UTF-8 for
 * text), never framed or compressed. Each server frames and compresses it for its own members.
 *
 * @param text    whether the message is a text message (payload is UTF-8) or a binary one
 * @param payload the message's bytes; not copied, so neither side may change it after handing it over
 */
public record RoomMessage(boolean text, byte[] payload) {

    public RoomMessage {
        Objects.requireNonNull(payload, "payload");
    }
}
