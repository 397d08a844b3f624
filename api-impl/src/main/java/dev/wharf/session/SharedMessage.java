package dev.wharf.session;

import dev.wharf.engine.UnmaskedFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One whole message to be queued to many sessions: encoded once (UTF-8 for text) and framed once. Every session that
 * negotiated no extension queues a view of the same framed bytes; the bytes are freed when the last queue has
 * written its view and dropped it. A session with permessage-deflate frames (and compresses) it for itself, from
 * the same encoded payload.
 *
 * <p>Not user API: made by {@code dev.wharf.rooms}.
 */
public final class SharedMessage {

    private final boolean text;
    private final byte[] payload;
    private final ByteBuffer frame;
    /** The text decoded once, for sessions that frame it themselves; made on first use. */
    private volatile String decoded;

    private SharedMessage(boolean text, byte[] payload, String decoded) {
        this.text = text;
        this.payload = payload;
        this.decoded = decoded;
        this.frame = UnmaskedFrame.of(text, payload);
    }

    public static SharedMessage text(String text) {
        return new SharedMessage(true, text.getBytes(StandardCharsets.UTF_8), text);
    }

    /** {@code payload} is kept, not copied: it must not change afterwards. For text, it is UTF-8. */
    public static SharedMessage of(boolean text, byte[] payload) {
        return new SharedMessage(text, payload, null);
    }

    public boolean isText() {
        return text;
    }

    /** The encoded payload; not a copy. */
    public byte[] payload() {
        return payload;
    }

    /** Bytes one session queues for it when it sends the shared frame. */
    public int frameSize() {
        return frame.remaining();
    }

    ByteBuffer frameView() {
        return frame.duplicate();
    }

    String textValue() {
        String s = decoded;
        if (s == null) {
            s = new String(payload, StandardCharsets.UTF_8);
            decoded = s;
        }
        return s;
    }
}
