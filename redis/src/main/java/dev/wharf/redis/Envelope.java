package dev.wharf.redis;

import dev.wharf.rooms.RoomMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A room broadcast as it travels on Redis: a version byte, the sending server's 16-byte id (so that a server drops
 * its own broadcasts when Redis echoes them back), a kind byte (text or binary), then the message's payload
 * unchanged. Anything else on the channel (another version, a stray {@code PUBLISH} from redis-cli) is dropped.
 */
final class Envelope {

    static final byte VERSION = 1;
    static final int HEADER = 1 + 16 + 1;
    private static final byte TEXT = 1;
    private static final byte BINARY = 2;

    private Envelope() {
    }

    static byte[] encode(byte[] serverId, RoomMessage message) {
        byte[] payload = message.payload();
        byte[] bytes = new byte[HEADER + payload.length];
        bytes[0] = VERSION;
        System.arraycopy(serverId, 0, bytes, 1, 16);
        bytes[17] = message.text() ? TEXT : BINARY;
        System.arraycopy(payload, 0, bytes, HEADER, payload.length);
        return bytes;
    }

    /** True if {@code bytes} is an envelope of this version sent by {@code serverId}. */
    static boolean sentBy(byte[] serverId, byte[] bytes) {
        return bytes.length >= HEADER && Arrays.equals(bytes, 1, 17, serverId, 0, 16);
    }

    /** The message in {@code bytes}, or null if they are not an envelope this version understands. */
    static RoomMessage decode(byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != VERSION || (bytes[17] != TEXT && bytes[17] != BINARY)) {
            return null;
        }
        return new RoomMessage(bytes[17] == TEXT, Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }

    static byte[] newServerId() {
        java.util.UUID id = java.util.UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
