package dev.wharf.engine;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Encodes frames as a gathering pair {header, payload} (RFC 6455 §5.2). A server sends payloads as they are; a
 * client masks with a fresh key per frame (RFC 6455 §5.3, §10.3), drawn from a fast generator seeded from
 * {@link SecureRandom} so that keys are unpredictable without a SecureRandom call per frame.
 */
final class FrameWriter {

    private static final SecureRandom SEEDS = new SecureRandom();

    private final Role role;
    private SplittableRandom keys; // created on first use: servers never need one

    FrameWriter(Role role) {
        this.role = role;
    }

    /**
     * A frame whose payload belongs to the caller of the engine: a server returns a view (no copy), a client a
     * masked copy. The position of {@code payload} is left unchanged.
     */
    ByteBuffer[] frameOfForeignPayload(int firstByte, ByteBuffer payload) {
        int length = payload.remaining();
        if (role == Role.SERVER) {
            return new ByteBuffer[] {header(firstByte, length, 0), payload.slice()};
        }
        int key = nextKey();
        byte[] masked = new byte[length];
        Masking.copy(payload, payload.position(), masked, 0, length, key, 0);
        return new ByteBuffer[] {header(firstByte, length, key), ByteBuffer.wrap(masked)};
    }

    /** A frame whose payload is in bytes the engine owns ({@code bytes[offset..offset+length)}): masked in place. */
    ByteBuffer[] frameOfOwnPayload(int firstByte, byte[] bytes, int offset, int length) {
        int key = 0;
        if (role == Role.CLIENT) {
            key = nextKey();
            Masking.maskInPlace(bytes, offset, length, key);
        }
        return new ByteBuffer[] {header(firstByte, length, key), ByteBuffer.wrap(bytes, offset, length).slice()};
    }

    /** Like {@link #frameOfOwnPayload(int, byte[], int, int)} for a buffer the engine owns. */
    ByteBuffer[] frameOfOwnPayload(int firstByte, ByteBuffer owned) {
        if (role == Role.SERVER || !owned.hasArray() || owned.isReadOnly()) {
            return frameOfForeignPayload(firstByte, owned); // a server sends it as is; a client cannot mask in place
        }
        return frameOfOwnPayload(firstByte, owned.array(), owned.arrayOffset() + owned.position(), owned.remaining());
    }

    private int nextKey() {
        if (keys == null) {
            keys = new SplittableRandom(SEEDS.nextLong());
        }
        return keys.nextInt();
    }

    /** The header: FIN/RSV/opcode byte, the shortest length form (§5.2 requires it), and the key when masking. */
    private ByteBuffer header(int firstByte, int length, int key) {
        boolean mask = role == Role.CLIENT;
        int size = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + (mask ? 4 : 0);
        ByteBuffer h = ByteBuffer.allocate(size);
        h.put((byte) firstByte);
        int maskBit = mask ? 0x80 : 0;
        if (length < 126) {
            h.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            h.put((byte) (maskBit | 126)).putShort((short) length);
        } else {
            h.put((byte) (maskBit | 127)).putLong(length);
        }
        if (mask) {
            h.putInt(key);
        }
        return h.flip();
    }
}
