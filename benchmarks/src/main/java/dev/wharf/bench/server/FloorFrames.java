package dev.wharf.bench.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The floor's frame handling, free of I/O: parses one client frame at a time and puts the answer in a buffer the
 * caller provides ({@link Output#room}). Text, binary and continuation frames are echoed as they came (unmasked,
 * fragmentation kept); ping is answered with pong, close with close (RFC 6455 §5.5.1: the code received), and a
 * protocol violation with a close frame carrying the code {@code §7.4.1} gives it.
 */
final class FloorFrames {

    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int TOO_BIG = 1009;
    /** Largest frame payload accepted: the containers' {@link EchoEndpoint#MAX_MESSAGE}; larger closes with 1009. */
    static final int MAX_PAYLOAD = EchoEndpoint.MAX_MESSAGE;

    private FloorFrames() {}

    /** Where answers go. */
    interface Output {
        /** A buffer with at least {@code needed} bytes free, in write mode (the caller may write what it held). */
        ByteBuffer room(int needed) throws IOException;
    }

    /**
     * Parses and answers the frame at {@code bytes}' position and moves past it. Returns false when the frame is
     * not complete yet or the connection is closing ({@link FloorConnection#closing}): nothing more to parse.
     */
    static boolean frame(FloorConnection c, ByteBuffer bytes, Output out) throws IOException {
        int p = bytes.position();
        int available = bytes.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = bytes.get(p) & 0xFF;
        int b1 = bytes.get(p + 1) & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        long length = b1 & 0x7F;
        int header = 2;
        if (length == 126) {
            if (available < 4) {
                return false;
            }
            length = bytes.getShort(p + 2) & 0xFFFF;
            header = 4;
        } else if (length == 127) {
            if (available < 10) {
                return false;
            }
            length = bytes.getLong(p + 2);
            header = 10;
        }
        boolean control = opcode >= OP_CLOSE;
        // §5.2: reserved bits without an extension, unknown opcodes; §5.3: client frames must be masked
        if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0 || opcode > OP_PONG || (opcode > OP_BINARY && opcode < OP_CLOSE)
                // §5.5: control frames are at most 125 bytes and not fragmented
                || control && (!fin || length > 125)
                // §5.4: continuation only inside a fragmented message, a new message only outside one
                || !control && (opcode == 0) != c.inFragmentedMessage) {
            return fail(c, out, PROTOCOL_ERROR);
        }
        if (length < 0 || length > MAX_PAYLOAD) {
            return fail(c, out, TOO_BIG);
        }
        header += 4;
        if (available < header + length) {
            return false;
        }
        int payload = p + header;
        int mask = bytes.getInt(payload - 4);
        int size = (int) length;
        switch (opcode) {
            case OP_CLOSE -> {
                if (size == 1) {
                    return fail(c, out, PROTOCOL_ERROR);
                }
                reply(out, 0x80 | OP_CLOSE, bytes, payload, Math.min(size, 2), mask);
                c.closing = true;
            }
            case OP_PING -> reply(out, 0x80 | OP_PONG, bytes, payload, size, mask);
            case OP_PONG -> { }
            default -> {
                c.inFragmentedMessage = !fin;
                reply(out, b0, bytes, payload, size, mask);
            }
        }
        bytes.position(payload + size);
        return !c.closing;
    }

    /** Queues a close frame with {@code code}; returns false (no frame to go on with). */
    private static boolean fail(FloorConnection c, Output out, int code) throws IOException {
        out.room(4).put((byte) (0x80 | OP_CLOSE)).put((byte) 2).putShort((short) code);
        c.closing = true;
        return false;
    }

    /** Queues a server frame (unmasked) carrying the {@code size} masked bytes at {@code from}, unmasked. */
    private static void reply(Output output, int b0, ByteBuffer bytes, int from, int size, int mask)
            throws IOException {
        ByteBuffer out = output.room(size + 10);
        out.put((byte) b0);
        if (size < 126) {
            out.put((byte) size);
        } else if (size < 65536) {
            out.put((byte) 126).putShort((short) size);
        } else {
            out.put((byte) 127).putLong(size);
        }
        long mask8 = (mask & 0xFFFFFFFFL) << 32 | (mask & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= size; i += 8) {
            out.putLong(bytes.getLong(from + i) ^ mask8);
        }
        for (; i < size; i++) {
            out.put((byte) (bytes.get(from + i) ^ (mask >>> (24 - 8 * (i & 3)))));
        }
    }
}
