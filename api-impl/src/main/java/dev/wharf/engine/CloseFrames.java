package dev.wharf.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Close frame payloads (RFC 6455 §5.5.1): an optional two-byte status code followed by a UTF-8 reason. */
final class CloseFrames {

    /** The payload limit of a control frame less the code. */
    static final int MAX_REASON_BYTES = 123;

    /** A received close frame's code and reason. */
    record Received(int code, String reason, boolean hadCode) {
    }

    private CloseFrames() {
    }

    /** Parses and validates a received close payload. */
    static Received parse(byte[] payload, int length) throws ProtocolViolation {
        if (length == 0) {
            return new Received(StatusCodes.NO_STATUS, "", false);
        }
        if (length == 1) {
            throw ProtocolFailure.BAD_CLOSE_FRAME.violation("close frame with a 1-byte payload");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!StatusCodes.isValidOnWire(code)) {
            throw ProtocolFailure.BAD_CLOSE_FRAME.violation("close code " + code + " may not be sent");
        }
        if (!Utf8Validator.isValid(payload, 2, length - 2)) {
            throw ProtocolFailure.INVALID_UTF8.violation("close reason is not valid UTF-8");
        }
        return new Received(code, new String(payload, 2, length - 2, StandardCharsets.UTF_8), true);
    }

    /**
     * Encodes our close payload; {@link StatusCodes#NO_STATUS} gives an empty payload.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    static byte[] payload(int code, String reason) {
        if (code == StatusCodes.NO_STATUS) {
            if (reason != null && !reason.isEmpty()) {
                throw new IllegalArgumentException("a close frame without a code cannot carry a reason");
            }
            return new byte[0];
        }
        if (!StatusCodes.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason of " + text.length + " UTF-8 bytes exceeds "
                    + MAX_REASON_BYTES);
        }
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }
}
