package dev.wharf.tck.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One RFC 6455 frame as the suite sends or receives it. Nothing is validated here: the suite must be able to send
 * every malformed frame a peer could.
 *
 * @param fin the FIN bit
 * @param rsv the three reserved bits as {@code RSV1 << 2 | RSV2 << 1 | RSV3}
 * @param opcode 0x0-0xF, unchecked
 * @param payload the unmasked application data
 * @param masked whether the frame carried a mask (received frames only; a server must never mask, RFC 6455 §5.1)
 */
public record Frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    public static Frame of(int opcode, byte[] payload) {
        return new Frame(true, 0, opcode, payload, false);
    }

    public static Frame text(String text) {
        return of(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame fragment(int opcode, boolean fin, byte[] payload) {
        return new Frame(fin, 0, opcode, payload, false);
    }

    /** A close frame with a status code and reason bytes (which may be invalid UTF-8). */
    public static Frame close(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return of(CLOSE, payload);
    }

    public Frame withRsv(int bits) {
        return new Frame(fin, bits, opcode, payload, masked);
    }

    public boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    /** The status code of a close frame, or -1 when its payload is empty (or shorter than a code). */
    public int closeCode() {
        return payload.length < 2 ? -1 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
    }

    /** The frame in wire form, masked with a fresh random key as a client must (RFC 6455 §5.3). */
    public byte[] encodeMasked() {
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF);
        int len = payload.length;
        if (len <= 125) {
            out.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x80 | 127);
            long l = len;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (l >>> shift));
            }
        }
        out.writeBytes(key);
        byte[] masked = new byte[len];
        for (int i = 0; i < len; i++) {
            masked[i] = (byte) (payload[i] ^ key[i & 3]);
        }
        out.writeBytes(masked);
        return out.toByteArray();
    }

    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case CONTINUATION -> "continuation";
            case TEXT -> "text";
            case BINARY -> "binary";
            case CLOSE -> "close";
            case PING -> "ping";
            case PONG -> "pong";
            default -> "opcode 0x" + Integer.toHexString(opcode);
        };
    }

    @Override
    public String toString() {
        String desc = opcodeName(opcode) + (fin ? "" : " (FIN=0)") + (rsv != 0 ? " rsv=" + rsv : "")
                + (masked ? " MASKED" : "") + ", " + payload.length + " bytes";
        return opcode == CLOSE && payload.length >= 2 ? desc + ", code " + closeCode() : desc;
    }
}
