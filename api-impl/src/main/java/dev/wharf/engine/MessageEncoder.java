package dev.wharf.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The outbound half of the engine: data messages to frames, one message at a time, through the extensions that chose
 * to transform it. Called by the sender thread only (serialised by the session's send lock); the engine has checked
 * that no close frame went out before.
 */
final class MessageEncoder {

    private static final int FIN = 0x80;
    private static final MessageExtension[] NO_TRANSFORMS = new MessageExtension[0];

    private final List<MessageExtension> extensions;
    /** The engine's writer for the sender thread (a client's key generator is not thread-safe). */
    private final FrameWriter writer;
    /** The opcode of the message in progress, or -1. */
    private int outboundOpcode = -1;
    private int outboundRsv;
    private MessageExtension[] outboundTransforms;
    private char heldHighSurrogate;

    MessageEncoder(List<MessageExtension> extensions, FrameWriter writer) {
        this.extensions = extensions;
        this.writer = writer;
    }

    /** See {@link Engine#encodeText}. */
    ByteBuffer[] text(CharSequence text, boolean last) {
        checkType(Opcode.TEXT);
        String s = text.toString();
        if (heldHighSurrogate != 0) {
            s = heldHighSurrogate + s;
            heldHighSurrogate = 0;
        }
        if (!last && !s.isEmpty() && Character.isHighSurrogate(s.charAt(s.length() - 1))) {
            // Its low half comes with the next part; encoding it alone would corrupt the code point.
            heldHighSurrogate = s.charAt(s.length() - 1);
            s = s.substring(0, s.length() - 1);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        boolean first = beginFrame(Opcode.TEXT, ByteBuffer.wrap(utf8), last);
        int firstByte = firstByte(first, Opcode.TEXT, last);
        ByteBuffer[] frame = outboundTransforms.length == 0
                ? writer.frameOfOwnPayload(firstByte, utf8, 0, utf8.length) // ours: a client masks in place
                : writer.frameOfOwnPayload(firstByte, transform(ByteBuffer.wrap(utf8), last));
        endFrame(last);
        return frame;
    }

    /** See {@link Engine#encodeBinary}. */
    ByteBuffer[] binary(ByteBuffer data, boolean last) {
        boolean first = beginFrame(Opcode.BINARY, data, last);
        int firstByte = firstByte(first, Opcode.BINARY, last);
        ByteBuffer[] frame = outboundTransforms.length == 0
                ? writer.frameOfForeignPayload(firstByte, data)
                : writer.frameOfOwnPayload(firstByte, transform(data.duplicate(), last));
        endFrame(last);
        return frame;
    }

    /** Whether a data message is partly sent: the next data frame must continue it. */
    boolean inMessage() {
        return outboundOpcode >= 0;
    }

    /** Throws unless a frame of this type may be sent now. */
    private void checkType(int opcode) {
        if (outboundOpcode >= 0 && outboundOpcode != opcode) {
            throw new IllegalStateException((outboundOpcode == Opcode.TEXT ? "a text" : "a binary")
                    + " message is unfinished (RFC 6455 §5.4: fragments of messages cannot interleave)");
        }
    }

    /**
     * Checks the message type and starts a message if none is open, letting each extension decide from the first
     * frame's payload whether to transform it; returns whether this is the message's first frame.
     */
    private boolean beginFrame(int opcode, ByteBuffer payload, boolean last) {
        checkType(opcode);
        if (outboundOpcode >= 0) {
            return false;
        }
        if (extensions.isEmpty()) {
            outboundTransforms = NO_TRANSFORMS;
            outboundRsv = 0;
            outboundOpcode = opcode;
            return true;
        }
        // The message is open only once every extension has agreed: an extension released by a close throws here,
        // and a message left half-open would make the next send continue it without its transforms.
        int count = 0;
        int rsv = 0;
        MessageExtension[] chosen = new MessageExtension[extensions.size()];
        for (MessageExtension e : extensions) {
            if (e.beginOutbound(opcode == Opcode.TEXT, payload.duplicate(), last)) {
                chosen[count++] = e;
                rsv |= e.rsvBits();
            }
        }
        outboundTransforms = count == chosen.length ? chosen : Arrays.copyOf(chosen, count);
        outboundRsv = rsv;
        outboundOpcode = opcode;
        return true;
    }

    /** RSV bits of extensions go on the first frame of a message only (RFC 7692 §6). */
    private int firstByte(boolean first, int opcode, boolean last) {
        return (last ? FIN : 0) | (first ? opcode | outboundRsv : Opcode.CONTINUATION);
    }

    private ByteBuffer transform(ByteBuffer payload, boolean last) {
        for (MessageExtension e : outboundTransforms) {
            payload = e.encode(payload, last);
        }
        return payload;
    }

    private void endFrame(boolean last) {
        if (last) {
            outboundOpcode = -1;
            outboundRsv = 0;
        }
    }
}

