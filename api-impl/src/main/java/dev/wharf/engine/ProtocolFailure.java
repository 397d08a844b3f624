package dev.wharf.engine;

/**
 * The one table from what went wrong on input to the close code that fails the connection (RFC 6455 §7.4.1).
 * Every violation the engine detects is one of these; detectors never pick a code themselves.
 */
enum ProtocolFailure {
    // RFC 6455 §5.2: reserved bits, opcodes and lengths
    RESERVED_BITS(StatusCodes.PROTOCOL_ERROR),
    RESERVED_OPCODE(StatusCodes.PROTOCOL_ERROR),
    BAD_LENGTH(StatusCodes.PROTOCOL_ERROR),
    // RFC 6455 §5.1 / §5.3: masking by role
    UNMASKED_CLIENT_FRAME(StatusCodes.PROTOCOL_ERROR),
    MASKED_SERVER_FRAME(StatusCodes.PROTOCOL_ERROR),
    // RFC 6455 §5.5: control frames
    BAD_CONTROL_FRAME(StatusCodes.PROTOCOL_ERROR),
    // RFC 6455 §5.4: fragmentation
    BAD_FRAGMENTATION(StatusCodes.PROTOCOL_ERROR),
    // RFC 6455 §5.5.1 / §7.4: close frame payload
    BAD_CLOSE_FRAME(StatusCodes.PROTOCOL_ERROR),
    // RFC 6455 §8.1 and §5.5.1 (close reason)
    INVALID_UTF8(StatusCodes.INVALID_PAYLOAD),
    // RFC 6455 §10.4: implementation limits
    FRAME_TOO_BIG(StatusCodes.TOO_BIG),
    MESSAGE_TOO_BIG(StatusCodes.TOO_BIG),
    // RFC 6455 §9 / RFC 7692: an extension's data that does not decode; an extension that cannot run is our fault
    CORRUPT_EXTENSION_DATA(StatusCodes.INVALID_PAYLOAD),
    EXTENSION_UNUSABLE(StatusCodes.INTERNAL_ERROR);

    final int closeCode;

    ProtocolFailure(int closeCode) {
        this.closeCode = closeCode;
    }

    /** A violation of this kind, with a short reason naming the specific rule or size. */
    ProtocolViolation violation(String reason) {
        return new ProtocolViolation(closeCode, reason);
    }
}
