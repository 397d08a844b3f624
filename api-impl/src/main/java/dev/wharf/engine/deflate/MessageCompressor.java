package dev.wharf.engine.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The sending half of permessage-deflate (RFC 7692 §7.2.1): compresses each message as raw DEFLATE, ending every
 * frame's data with a sync flush so the peer can decode it at once, and removes the final
 * {@code 00 00 ff ff} of the message.
 *
 * <p>The last four bytes of every frame's output are held back until the next frame (or dropped, at the end of the
 * message, where they are the tail RFC 7692 §7.2.1 removes): whether they are the tail is only known once the
 * message ends, and a frame boundary must not lose them. With context takeover the {@link Deflater} lives from the
 * first compressed message until {@link #release()}; without it, one is borrowed from {@link CodecPool} per message
 * and given back when the message ends, so nothing is held between messages.
 *
 * <p>Threads: called by the engine's sender; {@link #release()} may come from any thread, so every method locks.
 */
final class MessageCompressor {

    private static final int TAIL = 4;

    private final int level;
    private final boolean contextTakeover;
    private final int threshold;

    private Deflater deflater;
    private final byte[] held = new byte[TAIL];
    private int heldLength;
    /** A whole message compressed while deciding whether compression pays; the next {@link #encode} returns it. */
    private ByteBuffer precompressed;
    private boolean released;

    MessageCompressor(int level, boolean contextTakeover, int threshold) {
        this.level = level;
        this.contextTakeover = contextTakeover;
        this.threshold = threshold;
    }

    /**
     * Whether to compress the message whose first frame is {@code first}. A threshold of 0 compresses everything.
     * Otherwise a whole message under the threshold is sent as is, and without context takeover a whole message is
     * compressed now and sent as is when that is not smaller (no shared history is affected, so the attempt costs
     * nothing but time). With takeover a message cannot be compressed "to see": the history would move on without
     * the peer.
     */
    synchronized boolean begin(ByteBuffer first, boolean last) {
        requireOpen();
        precompressed = null;
        heldLength = 0;
        if (!last) {
            return true; // a streamed message: its size is unknown, compress it
        }
        int size = first.remaining();
        if (threshold == 0 || contextTakeover) {
            return size >= threshold;
        }
        if (size < threshold) {
            return false;
        }
        ByteBuffer compressed = encode(first, true);
        if (compressed.remaining() >= size) {
            return false;
        }
        precompressed = compressed;
        return true;
    }

    /** The compressed bytes for one frame of the current message; see the class comment for the held tail. */
    synchronized ByteBuffer encode(ByteBuffer payload, boolean last) {
        requireOpen();
        if (precompressed != null) {
            ByteBuffer out = precompressed;
            precompressed = null;
            return out;
        }
        if (deflater == null) {
            deflater = CodecPool.borrowDeflater(level);
        }
        int n = payload.remaining();
        // Deflate rarely grows data by more than 0.1% plus a few block headers; start there and grow if needed.
        byte[] out = new byte[heldLength + n + (n >>> 8) + 64];
        System.arraycopy(held, 0, out, 0, heldLength);
        int size = heldLength;
        deflater.setInput(payload.duplicate());
        while (true) {
            if (out.length - size < 64) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int space = out.length - size;
            int produced = deflater.deflate(out, size, space, Deflater.SYNC_FLUSH);
            size += produced;
            // Deflater contract: a flush is complete when it did not fill the space it was given.
            if (produced < space && deflater.needsInput()) {
                break;
            }
        }
        deflater.setInput(new byte[0]); // do not keep the caller's buffer reachable
        // Every sync flush ends in 00 00 ff ff; hold the last four bytes back (or drop them at the end).
        int keep = Math.max(0, size - TAIL);
        heldLength = size - keep;
        System.arraycopy(out, keep, held, 0, heldLength);
        if (last) {
            heldLength = 0;
            endMessage();
            if (size == 0) {
                // Nothing was flushed since the last message (an empty message after a sync flush: zlib has nothing
                // to add). An empty payload would leave the peer's appended tail as half a block header; a lone
                // 0x00 makes it an empty stored block, as RFC 7692 §7.2.3.6 shows for an empty message.
                return ByteBuffer.wrap(new byte[] {0});
            }
        }
        // An exact-size array: some containers' upgraded output streams write the whole backing array (seen on
        // Undertow), and compressed output is small enough to copy.
        return ByteBuffer.wrap(keep == out.length ? out : Arrays.copyOf(out, keep));
    }

    private void endMessage() {
        if (!contextTakeover && deflater != null) {
            CodecPool.giveBack(deflater, level);
            deflater = null;
        }
    }

    /** Frees the deflater for good; later calls fail. Idempotent. */
    synchronized void release() {
        released = true;
        precompressed = null;
        if (deflater != null) {
            CodecPool.giveBack(deflater, level);
            deflater = null;
        }
    }

    /** Whether a deflater is held now, between calls: for tests of the memory behaviour. */
    synchronized boolean holdsDeflater() {
        return deflater != null;
    }

    private void requireOpen() {
        if (released) {
            throw new IllegalStateException("permessage-deflate was released: the connection is closed");
        }
    }
}
