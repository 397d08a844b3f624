package dev.wharf.engine.deflate;

import dev.wharf.engine.MessageExtension;
import dev.wharf.engine.ExtensionException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The permessage-deflate extension (RFC 7692) for one connection, in either role: a message is compressed when the
 * first frame of it carries RSV1; control frames never are (the engine passes only data messages).
 *
 * <p>Context takeover is set per direction from the agreed parameters: for a server, outbound is
 * {@code server_no_context_takeover} and inbound {@code client_no_context_takeover}; for a client the reverse (see
 * {@link #forServer} and {@link #forClient}). Window sizes need no setting: we always compress with a 15-bit window
 * (so a handshake must never agree to a smaller one for our direction; {@code java.util.zip} cannot do it) and
 * inflate any window from 8 to 15 bits.
 *
 * <p>Memory per connection: with context takeover outbound, one {@link Deflater} from the first compressed message
 * until the connection ends (zlib allocates about 256 KiB for a 15-bit window at its default memory level, whatever
 * the compression level); with takeover inbound, one {@code Inflater} (about 40 KiB: a 32 KiB window and its
 * state). Without takeover a direction holds nothing between messages: it borrows from a small process-wide pool
 * and gives back when the message ends. Everything is given back by {@link #release()}, which the engine calls when
 * the connection ends.
 */
public final class PerMessageDeflate implements MessageExtension {

    public static final String NAME = "permessage-deflate";
    /** RSV1, the "Per-Message Compressed" bit (RFC 7692 §6). */
    public static final int RSV1 = 0x40;
    /** Whole messages shorter than this are sent uncompressed by default: deflate cannot win much on them. */
    public static final int DEFAULT_THRESHOLD = 16;

    private final MessageCompressor outbound;
    private final MessageDecompressor inbound;

    /**
     * @param level {@link Deflater} level, -1 (zlib's default, 6) to 9
     * @param outboundContextTakeover whether our compressor keeps its history between messages
     * @param inboundContextTakeover whether the peer keeps its history, so our decompressor must keep it too
     * @param threshold whole messages of fewer bytes are sent uncompressed, and without outbound takeover a whole
     *     message that does not get smaller too; 0 compresses every message
     */
    public PerMessageDeflate(int level, boolean outboundContextTakeover, boolean inboundContextTakeover,
                             int threshold) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("deflate level must be -1 to 9, not " + level);
        }
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative");
        }
        this.outbound = new MessageCompressor(level, outboundContextTakeover, threshold);
        this.inbound = new MessageDecompressor(inboundContextTakeover);
    }

    /** A server's extension for the agreed {@code server_no_context_takeover} and {@code client_no_context_takeover}. */
    public static PerMessageDeflate forServer(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        return new PerMessageDeflate(Deflater.DEFAULT_COMPRESSION, !serverNoContextTakeover,
                !clientNoContextTakeover, DEFAULT_THRESHOLD);
    }

    /** A client's extension for the agreed {@code server_no_context_takeover} and {@code client_no_context_takeover}. */
    public static PerMessageDeflate forClient(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        return new PerMessageDeflate(Deflater.DEFAULT_COMPRESSION, !clientNoContextTakeover,
                !serverNoContextTakeover, DEFAULT_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rsvBits() {
        return RSV1;
    }

    @Override
    public ByteBuffer decode(ByteBuffer chunk, boolean last, long maxOutput) throws ExtensionException {
        int before = chunk.remaining();
        ByteBuffer out = inbound.decode(chunk, last, maxOutput);
        DeflateStats.inflated(before, out.remaining());
        return out;
    }

    /** Without the payload: compress. */
    @Override
    public boolean beginOutbound(boolean text) {
        return true;
    }

    @Override
    public boolean beginOutbound(boolean text, ByteBuffer firstPayload, boolean last) {
        return outbound.begin(firstPayload, last);
    }

    @Override
    public ByteBuffer encode(ByteBuffer payload, boolean last) {
        int before = payload.remaining();
        ByteBuffer out = outbound.encode(payload, last);
        DeflateStats.compressed(before, out.remaining());
        return out;
    }

    @Override
    public void release() {
        outbound.release();
        inbound.release();
    }

    /** Whether a compressor is held between messages (only with outbound context takeover, after the first). */
    public boolean holdsDeflater() {
        return outbound.holdsDeflater();
    }

    /** Whether a decompressor is held between messages (only with inbound context takeover, after the first). */
    public boolean holdsInflater() {
        return inbound.holdsInflater();
    }

    /** Bytes inflated for the inbound message in progress, 0 between messages. */
    long inflatedInMessage() {
        return inbound.inflatedInMessage();
    }
}
