package dev.wharf.engine.deflate;

import dev.wharf.engine.MessageExtension;
import dev.wharf.engine.ExtensionException;
import dev.wharf.engine.SharedEncoding;
import java.nio.ByteBuffer;

/**
 * The permessage-deflate extension (RFC 7692) for one connection, in either role: a message is compressed when the
 * first frame of it carries RSV1; control frames never are (the engine passes only data messages).
 *
 * <p>Context takeover and window sizes are set per direction from the agreed parameters: for a server, outbound is
 * {@code server_no_context_takeover} / {@code server_max_window_bits} and inbound {@code client_*}; for a client the
 * reverse. Outbound compression uses our own {@link WindowedDeflater}, which honours any window from 8 to 15 bits;
 * inbound uses {@code java.util.zip.Inflater}, which reads any window.
 *
 * <p>Memory per connection: no codec between messages in either direction. Codecs are borrowed from a small
 * process-wide pool for one message and given back when it ends; with context takeover a direction keeps only the
 * last window of its stream (a {@link History}: at most 2^windowBits bytes, and no more than was sent or received),
 * which primes the next message's codec. Everything is given back by {@link #release()}, which the engine calls
 * when the connection ends.
 */
public final class PerMessageDeflate implements MessageExtension {

    public static final String NAME = "permessage-deflate";
    /** RSV1, the "Per-Message Compressed" bit (RFC 7692 §6). */
    public static final int RSV1 = 0x40;
    /** Whole messages shorter than this are sent uncompressed by default: deflate cannot win much on them. */
    public static final int DEFAULT_THRESHOLD = 16;
    /** zlib's default level. */
    public static final int DEFAULT_LEVEL = 6;
    /**
     * Memory level 4: a 2,048-entry hash table and 1 KiB blocks, about 49 KiB per pooled compressor with a 4 KiB
     * window, Huffman code building included (zlib's default 8 would be about 245 KiB). It sizes only the pooled
     * compressors, not what a connection keeps, and on chat-like JSON messages levels 4 to 9 compressed alike
     * (docs/DEFLATE.md).
     */
    public static final int DEFAULT_MEM_LEVEL = 4;
    /** The largest window, RFC 7692's default when nothing smaller was agreed. */
    public static final int MAX_WINDOW_BITS = 15;

    private final MessageCompressor outbound;
    private final MessageDecompressor inbound;
    /** Without outbound context takeover: the outbound settings, shared with equal connections. Null with it. */
    private final SharedEncoding sharedEncoding;

    /**
     * @param level compression level, -1 (zlib's default, 6) or 0 (store) to 9
     * @param memLevel 1-9: the pooled compressor's hash table has 2^(memLevel + 7) entries (as zlib's)
     * @param outboundWindowBits 8-15: the window our compressor stays within (what the peer allowed us)
     * @param outboundContextTakeover whether our compressor keeps its history between messages
     * @param inboundWindowBits 8-15: the window the peer agreed to compress with; with inbound takeover, this much
     *     of its history is kept (at least 9 bits: zlib compresses with 9 when told 8)
     * @param inboundContextTakeover whether the peer keeps its history, so our decompressor must keep it too
     * @param threshold whole messages of fewer bytes are sent uncompressed, and without outbound takeover a whole
     *     message that does not get smaller too; 0 compresses every message
     */
    public PerMessageDeflate(int level, int memLevel, int outboundWindowBits, boolean outboundContextTakeover,
                             int inboundWindowBits, boolean inboundContextTakeover, int threshold) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("deflate level must be -1 to 9, not " + level);
        }
        if (memLevel < 1 || memLevel > 9) {
            throw new IllegalArgumentException("memory level must be 1 to 9, not " + memLevel);
        }
        requireWindowBits(outboundWindowBits);
        requireWindowBits(inboundWindowBits);
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative");
        }
        this.outbound = new MessageCompressor(level == -1 ? DEFAULT_LEVEL : level, outboundWindowBits, memLevel,
                outboundContextTakeover, threshold);
        this.sharedEncoding = outboundContextTakeover ? null
                : new SharedDeflate(level == -1 ? DEFAULT_LEVEL : level, outboundWindowBits, memLevel, threshold);
        // RFC 7692 §7.1.2.2 allows 8, but zlib cannot compress with an 8-bit raw window and uses 9 instead.
        this.inbound = new MessageDecompressor(inboundContextTakeover, 1 << Math.max(9, inboundWindowBits));
    }

    /** Both windows 15 bits, zlib's memory level. */
    public PerMessageDeflate(int level, boolean outboundContextTakeover, boolean inboundContextTakeover,
                             int threshold) {
        this(level, DEFAULT_MEM_LEVEL, MAX_WINDOW_BITS, outboundContextTakeover, MAX_WINDOW_BITS,
                inboundContextTakeover, threshold);
    }

    private static void requireWindowBits(int bits) {
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException("window bits must be 8 to 15, not " + bits);
        }
    }

    /** A server's extension for the agreed {@code server_no_context_takeover} and {@code client_no_context_takeover}. */
    public static PerMessageDeflate forServer(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        return forServer(serverNoContextTakeover, clientNoContextTakeover, MAX_WINDOW_BITS, MAX_WINDOW_BITS,
                DEFAULT_LEVEL, DEFAULT_MEM_LEVEL);
    }

    /** A server's extension for an agreement: windows 8-15, level -1 to 9, memory level 1-9. */
    public static PerMessageDeflate forServer(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                              int serverWindowBits, int clientWindowBits, int level, int memLevel) {
        return new PerMessageDeflate(level, memLevel, serverWindowBits, !serverNoContextTakeover, clientWindowBits,
                !clientNoContextTakeover, DEFAULT_THRESHOLD);
    }

    /** A client's extension for the agreed {@code server_no_context_takeover} and {@code client_no_context_takeover}. */
    public static PerMessageDeflate forClient(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        return forClient(serverNoContextTakeover, clientNoContextTakeover, MAX_WINDOW_BITS, MAX_WINDOW_BITS,
                DEFAULT_LEVEL, DEFAULT_MEM_LEVEL);
    }

    /** A client's extension for an agreement: windows 8-15, level -1 to 9, memory level 1-9. */
    public static PerMessageDeflate forClient(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                              int serverWindowBits, int clientWindowBits, int level, int memLevel) {
        return new PerMessageDeflate(level, memLevel, clientWindowBits, !clientNoContextTakeover, serverWindowBits,
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

    /** Without outbound context takeover, the settings every message is compressed with; else null. */
    @Override
    public SharedEncoding sharedEncoding() {
        return sharedEncoding;
    }

    @Override
    public void release() {
        outbound.release();
        inbound.release();
    }

    /** Whether a compressor is held now: only while a fragmented message is being sent. */
    public boolean holdsDeflater() {
        return outbound.holdsDeflater();
    }

    /** Whether a decompressor is held now: only while a fragmented message arrives. */
    public boolean holdsInflater() {
        return inbound.holdsInflater();
    }

    /** Bytes of heap the context-takeover histories hold now, both directions: an idle connection's whole cost. */
    public int historyBytes() {
        return outbound.historyCapacity() + inbound.historyCapacity();
    }

    /** Bytes inflated for the inbound message in progress, 0 between messages. */
    long inflatedInMessage() {
        return inbound.inflatedInMessage();
    }
}
