package dev.wharf.session;

import dev.wharf.engine.SharedEncoding;
import dev.wharf.engine.UnmaskedFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One whole message to be queued to many sessions: encoded once (UTF-8 for text) and framed once per
 * {@link SharedEncoding}. Every session that negotiated no extension queues a view of the same framed bytes, and
 * every session whose permessage-deflate keeps no outbound context queues a view of one compressed frame made for all
 * of those with the same settings (compressed once per distinct setting, not once per member); the bytes are freed
 * when the last queue has written its view and dropped it. Only a session whose frames depend on its own history
 * (context takeover) frames and compresses it for itself, from the same encoded payload.
 *
 * <p>Not user API: made by {@code dev.wharf.rooms}.
 */
public final class SharedMessage {

    private final boolean text;
    private final byte[] payload;
    private final SharedFrame frame;
    /**
     * The frames made for other encodings than {@link SharedEncoding#PLAIN}, one per distinct encoding: replaced
     * whole (copy on write) under this object's lock, read without it. A room's members rarely use more than one or
     * two settings, so a linear scan beats a map.
     */
    private volatile Encoded[] encoded = NONE;
    /** How many times a frame was made for an encoding (the compressor ran); guarded by this. */
    private int encodings;
    /** The text decoded once, for sessions that frame it themselves; made on first use. */
    private volatile String decoded;

    private record Encoded(SharedEncoding encoding, SharedFrame frame) {
    }

    private static final Encoded[] NONE = new Encoded[0];

    private SharedMessage(boolean text, byte[] payload, String decoded) {
        this.text = text;
        this.payload = payload;
        this.decoded = decoded;
        this.frame = new SharedFrame(UnmaskedFrame.of(text, payload));
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
        return (int) frame.size();
    }

    /** A view of the frame for a session with {@code encoding}, made on first use for that encoding. */
    ByteBuffer frameView(SharedEncoding encoding) {
        return frameFor(encoding).view();
    }

    /** The one frame for {@code encoding}, made on first use for that encoding. */
    SharedFrame frameFor(SharedEncoding encoding) {
        if (encoding == SharedEncoding.PLAIN) {
            return frame;
        }
        for (Encoded e : encoded) {
            if (e.encoding() == encoding || e.encoding().equals(encoding)) {
                return e.frame();
            }
        }
        return encodeOnce(encoding);
    }

    private synchronized SharedFrame encodeOnce(SharedEncoding encoding) {
        Encoded[] known = encoded;
        for (Encoded e : known) {
            if (e.encoding().equals(encoding)) {
                return e.frame(); // another thread made it meanwhile
            }
        }
        ByteBuffer made = encoding.frame(text, payload);
        encodings++;
        Encoded[] more = Arrays.copyOf(known, known.length + 1);
        more[known.length] = new Encoded(encoding, made == null ? frame : new SharedFrame(made));
        encoded = more;
        return more[known.length].frame();
    }

    /** How many frames were made for encodings other than plain: one per distinct encoding when sharing works. */
    synchronized int encodings() {
        return encodings;
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
