package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * Incremental RFC 6455 §5.2 frame parser: an explicit state machine that accepts input split anywhere (one byte at
 * a time included) and reports each frame as header, payload chunks and end. It checks what can be checked from
 * the frame alone (reserved bits and opcodes, masking by role, length encoding, control-frame rules, the frame size
 * limit) before any payload is consumed; message-level rules belong to the {@link Handler}.
 */
final class FrameParser {

    /** Receives frames; may throw to fail the connection, or call {@link #stop()} to ignore further input. */
    interface Handler {
        void onFrameStart(FrameParser frame) throws ProtocolViolation;

        void onPayload(PayloadChunk chunk) throws ProtocolViolation;

        void onFrameEnd(FrameParser frame) throws ProtocolViolation;
    }

    private enum State {
        FIRST_BYTE, SECOND_BYTE, EXTENDED_LENGTH, MASKING_KEY, PAYLOAD, STOPPED
    }

    private final Role role;
    private final long maxFrameSize;
    private final Handler handler;
    private final PayloadChunk chunk = new PayloadChunk();
    /** RSV bits (as in the first header byte) owned by negotiated extensions. */
    private final int allowedRsv;

    private State state = State.FIRST_BYTE;
    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private long length;
    private int bytesNeeded;
    /** 2 or 8: which extended length form the current header uses. */
    private int lengthForm;
    private long accumulator;
    private int maskKey;
    private long payloadRead;

    FrameParser(Role role, long maxFrameSize, int allowedRsv, Handler handler) {
        this.role = role;
        this.maxFrameSize = maxFrameSize;
        this.allowedRsv = allowedRsv;
        this.handler = handler;
    }

    boolean fin() {
        return fin;
    }

    /** RSV1-3 as in the first header byte (0x40, 0x20, 0x10). */
    int rsv() {
        return rsv;
    }

    int opcode() {
        return opcode;
    }

    long length() {
        return length;
    }

    /** Payload bytes of the frame being read that have not arrived yet; 0 between frames. */
    long payloadLeft() {
        return state == State.PAYLOAD ? length - payloadRead : 0;
    }

    /** Ignore all further input: after a close frame or a failure (RFC 6455 §7.1.7). */
    void stop() {
        state = State.STOPPED;
        chunk.clear();
    }

    boolean isStopped() {
        return state == State.STOPPED;
    }

    /** Consumes all of {@code in}, or up to where the handler stopped the parser. */
    void parse(ByteBuffer in) throws ProtocolViolation {
        while (state != State.STOPPED && in.hasRemaining()) {
            switch (state) {
                case FIRST_BYTE -> firstByte(in.get());
                case SECOND_BYTE -> secondByte(in.get());
                case EXTENDED_LENGTH -> {
                    accumulator = (accumulator << 8) | (in.get() & 0xFF);
                    if (--bytesNeeded == 0) {
                        extendedLengthDone();
                    }
                }
                case MASKING_KEY -> {
                    maskKey = (maskKey << 8) | (in.get() & 0xFF);
                    if (--bytesNeeded == 0) {
                        headerDone();
                    }
                }
                case PAYLOAD -> payload(in);
                default -> throw new AssertionError(state);
            }
        }
        chunk.clear(); // never keep a reference to the caller's buffer
    }

    private void firstByte(byte b) throws ProtocolViolation {
        fin = (b & 0x80) != 0;
        rsv = b & 0x70;
        opcode = b & 0x0F;
        if (Opcode.isReserved(opcode)) {
            throw ProtocolFailure.RESERVED_OPCODE.violation("reserved opcode " + opcode);
        }
        // RFC 6455 §5.2: RSV bits must be 0 unless an extension owns them; ours are per-message, so only the
        // first frame of a data message may carry them (RFC 7692 §6 makes the same rule for permessage-deflate).
        if (rsv != 0 && ((rsv & ~allowedRsv) != 0 || opcode == Opcode.CONTINUATION || Opcode.isControl(opcode))) {
            throw ProtocolFailure.RESERVED_BITS.violation("reserved bits 0x" + Integer.toHexString(rsv >> 4)
                    + " set on " + (Opcode.isControl(opcode) ? "a control" : opcode == 0 ? "a continuation" : "a data")
                    + " frame without an extension owning them");
        }
        // RFC 6455 §5.5: control frames must not be fragmented.
        if (Opcode.isControl(opcode) && !fin) {
            throw ProtocolFailure.BAD_CONTROL_FRAME.violation("fragmented control frame");
        }
        state = State.SECOND_BYTE;
    }

    private void secondByte(byte b) throws ProtocolViolation {
        masked = (b & 0x80) != 0;
        // RFC 6455 §5.1: clients mask every frame, servers none.
        if (role == Role.SERVER && !masked) {
            throw ProtocolFailure.UNMASKED_CLIENT_FRAME.violation("unmasked client frame");
        }
        if (role == Role.CLIENT && masked) {
            throw ProtocolFailure.MASKED_SERVER_FRAME.violation("masked server frame");
        }
        int len7 = b & 0x7F;
        if (Opcode.isControl(opcode) && len7 > 125) {
            throw ProtocolFailure.BAD_CONTROL_FRAME.violation("control frame payload over 125 bytes");
        }
        if (len7 < 126) {
            length = len7;
            lengthDone();
        } else {
            bytesNeeded = len7 == 126 ? 2 : 8;
            lengthForm = bytesNeeded;
            accumulator = 0;
            state = State.EXTENDED_LENGTH;
        }
    }

    private void extendedLengthDone() throws ProtocolViolation {
        long value = accumulator;
        if (value < 0) {
            throw ProtocolFailure.BAD_LENGTH.violation("64-bit payload length with the most significant bit set");
        }
        // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
        if (lengthForm == 2 ? value < 126 : value < 65536) {
            throw ProtocolFailure.BAD_LENGTH.violation("non-minimal payload length encoding of " + value);
        }
        length = value;
        lengthDone();
    }

    private void lengthDone() throws ProtocolViolation {
        // RFC 6455 §10.4: refuse an oversized frame from its header, before buffering any of it.
        if (maxFrameSize >= 0 && length > maxFrameSize) {
            throw ProtocolFailure.FRAME_TOO_BIG.violation(
                    "frame of " + length + " bytes exceeds " + maxFrameSize + " bytes (limit)");
        }
        if (masked) {
            bytesNeeded = 4;
            maskKey = 0;
            state = State.MASKING_KEY;
        } else {
            maskKey = 0; // XOR with 0 is the identity: unmasked payloads take the same path
            headerDone();
        }
    }

    private void headerDone() throws ProtocolViolation {
        payloadRead = 0;
        state = State.PAYLOAD;
        handler.onFrameStart(this);
        if (length == 0 && state == State.PAYLOAD) {
            endFrame();
        }
    }

    private void payload(ByteBuffer in) throws ProtocolViolation {
        int n = (int) Math.min(in.remaining(), length - payloadRead);
        int index = in.position();
        boolean ends = payloadRead + n == length;
        chunk.set(in, index, n, maskKey, payloadRead, ends);
        in.position(index + n);
        payloadRead += n;
        handler.onPayload(chunk);
        if (ends && state == State.PAYLOAD) {
            endFrame();
        }
    }

    private void endFrame() throws ProtocolViolation {
        state = State.FIRST_BYTE;
        handler.onFrameEnd(this);
    }
}
