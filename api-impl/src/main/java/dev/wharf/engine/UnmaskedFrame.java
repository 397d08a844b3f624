package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * One whole, unfragmented, unmasked data frame in a single buffer: the form in which a server sends the same message
 * to many peers (a room broadcast) without framing it again for each (RFC 6455 §5.2; §5.1: a server never masks, so
 * the bytes are the same for every peer that negotiated no extension).
 */
public final class UnmaskedFrame {

    private UnmaskedFrame() {
    }

    /** Header and payload copied into one read-only buffer; every reader takes its own {@code duplicate()}. */
    public static ByteBuffer of(boolean text, byte[] payload) {
        return of(0, text, payload, payload.length);
    }

    /**
     * Like {@link #of(boolean, byte[])} with the {@code rsv} bits (as in the first header byte, e.g. RSV1 for a
     * compressed message, RFC 7692 §6) and the first {@code length} bytes of {@code payload}.
     */
    public static ByteBuffer of(int rsv, boolean text, byte[] payload, int length) {
        int headerSize = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8);
        ByteBuffer frame = ByteBuffer.allocate(headerSize + length);
        frame.put((byte) (0x80 | rsv | (text ? Opcode.TEXT : Opcode.BINARY))); // FIN: the whole message in one frame
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload, 0, length).flip();
        return frame.asReadOnlyBuffer();
    }
}
