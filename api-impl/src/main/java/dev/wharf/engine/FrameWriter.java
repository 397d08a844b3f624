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
    /** Payloads up to this size are copied behind their header rather than sent as a second buffer. */
    static final int SMALL_FRAME = 1024;
    /** A server never masks, so its writer never draws a key and has no state: one serves every engine and thread. */
    private static final FrameWriter SERVER = new FrameWriter(Role.SERVER);

    private final Role role;
    private SplittableRandom keys; // created on first use: servers never need one

    FrameWriter(Role role) {
        this.role = role;
    }

    /** A writer for one thread of an engine with this role: the shared one for a server, a new one for a client. */
    static FrameWriter forRole(Role role) {
        return role == Role.SERVER ? SERVER : new FrameWriter(role);
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

    /**
     * A frame whose payload is in bytes the engine owns ({@code bytes[offset..offset+length)}): masked in place. A
     * small one is copied behind its header into one array instead, so it costs one buffer and one transport write,
     * not two of each.
     */
    ByteBuffer[] frameOfOwnPayload(int firstByte, byte[] bytes, int offset, int length) {
        if (length <= SMALL_FRAME) {
            return new ByteBuffer[] {ByteBuffer.wrap(whole(firstByte, bytes, offset, length))};
        }
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

    /** Whether frames are masked (a client's). */
    boolean masks() {
        return role == Role.CLIENT;
    }

    private int nextKey() {
        if (keys == null) {
            keys = new SplittableRandom(SEEDS.nextLong());
        }
        return keys.nextInt();
    }

    /** Header and (masked) payload in one array. */
    private byte[] whole(int firstByte, byte[] bytes, int offset, int length) {
        boolean mask = role == Role.CLIENT;
        int headerSize = 2 + (length < 126 ? 0 : 2) + (mask ? 4 : 0); // SMALL_FRAME < 65536: no 8-byte form
        byte[] frame = new byte[headerSize + length];
        frame[0] = (byte) firstByte;
        int maskBit = mask ? 0x80 : 0;
        int i;
        if (length < 126) {
            frame[1] = (byte) (maskBit | length);
            i = 2;
        } else {
            frame[1] = (byte) (maskBit | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            i = 4;
        }
        System.arraycopy(bytes, offset, frame, headerSize, length);
        if (mask) {
            int key = nextKey();
            frame[i] = (byte) (key >>> 24);
            frame[i + 1] = (byte) (key >>> 16);
            frame[i + 2] = (byte) (key >>> 8);
            frame[i + 3] = (byte) key;
            Masking.maskInPlace(frame, headerSize, length, key);
        }
        return frame;
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
