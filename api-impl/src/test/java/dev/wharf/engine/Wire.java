package dev.wharf.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Byte-level helpers for tests: build raw frames, concatenate output, feed input in pieces. */
final class Wire {

    private Wire() {
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] concat(ByteBuffer[] buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A raw frame with the shortest length form; masked with {@code key} when {@code masked}. */
    static byte[] frame(int firstByte, byte[] payload, boolean masked, int key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int m = masked ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) {
            out.write(m | n);
        } else if (n <= 0xFFFF) {
            out.write(m | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(m | 127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
        }
        if (masked) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(key).array());
            byte[] p = payload.clone();
            for (int i = 0; i < p.length; i++) {
                p[i] ^= (byte) (key >>> (24 - 8 * (i % 4)));
            }
            out.writeBytes(p);
        } else {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    /** A frame as a client sends it (masked with a fixed key). */
    static byte[] clientFrame(int firstByte, byte[] payload) {
        return frame(firstByte, payload, true, 0x37fa213d);
    }

    /** A frame as a server sends it (unmasked). */
    static byte[] serverFrame(int firstByte, byte[] payload) {
        return frame(firstByte, payload, false, 0);
    }

    /** The frame a peer of {@code receiver} would send. */
    static byte[] frameTo(Role receiver, int firstByte, byte[] payload) {
        return receiver == Role.SERVER ? clientFrame(firstByte, payload) : serverFrame(firstByte, payload);
    }

    /** Feeds {@code bytes} one byte at a time, each in its own read-only buffer. */
    static void feedBytewise(Engine engine, byte[] bytes) {
        for (byte b : bytes) {
            engine.receive(ByteBuffer.wrap(new byte[] {b}).asReadOnlyBuffer());
        }
    }

    static void feed(Engine engine, byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes));
    }

    static Engine engine(Role role, Recorder recorder) {
        return new Engine(EngineConfig.builder(role).build(), recorder, recorder);
    }

    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Expected close frame bytes as {@code sender} would encode them, ignoring the masking key. */
    static int closeCodeOf(byte[] closeFrame) {
        if ((closeFrame[0] & 0x0F) != 0x8) {
            throw new AssertionError("not a close frame");
        }
        boolean masked = (closeFrame[1] & 0x80) != 0;
        int len = closeFrame[1] & 0x7F;
        if (len == 0) {
            return StatusCodes.NO_STATUS;
        }
        int start = masked ? 6 : 2;
        int b0 = closeFrame[start] & 0xFF;
        int b1 = closeFrame[start + 1] & 0xFF;
        if (masked) {
            b0 ^= closeFrame[2] & 0xFF;
            b1 ^= closeFrame[3] & 0xFF;
        }
        return (b0 << 8) | b1;
    }
}
