package dev.wharf.engine.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The sending half of permessage-deflate (RFC 7692 §7.2.1): compresses each message as raw DEFLATE with a
 * {@link WindowedDeflater} of the agreed window, ending every frame's data with a sync flush so the peer can decode
 * it at once, and removes the final {@code 00 00 ff ff} of the message.
 *
 * <p>The last four bytes of every frame's output are held back until the next frame (or dropped, at the end of the
 * message, where they are the tail RFC 7692 §7.2.1 removes): whether they are the tail is only known once the
 * message ends, and a frame boundary must not lose them.
 *
 * <p>Memory: the compressor is borrowed from {@link CodecPool} when a message starts and given back when it ends.
 * With context takeover the last window of what was sent stays in a {@link History} between messages (at most
 * 2^windowBits bytes, and no more than was sent), and primes the next message's compressor; without it nothing does.
 *
 * <p>Threads: called by the engine's sender; {@link #release()} may come from any thread, so every method locks.
 */
final class MessageCompressor {

    private static final int TAIL = 4;

    private final int level;
    private final int windowBits;
    private final int memLevel;
    private final int threshold;
    /** With context takeover: what the peer's inflater holds of our stream. Null without. */
    private final History history;

    private WindowedDeflater deflater;
    /**
     * Without context takeover and with the full 15-bit window, zlib ({@code java.util.zip}) compresses instead:
     * nothing is kept per connection either way, both compress a message on its own alike (0.681 against our 0.680
     * on chat JSON, docs/DEFLATE.md), and zlib is native code with 16 KiB blocks (ours are 1 KiB at memory level 4).
     */
    private final boolean zlib;
    private java.util.zip.Deflater zlibDeflater;
    private final byte[] held = new byte[TAIL];
    private int heldLength;
    /** A whole message compressed while deciding whether compression pays; the next {@link #encode} returns it. */
    private ByteBuffer precompressed;
    private boolean released;

    /**
     * @param level 0-9
     * @param windowBits 8-15: the window our matches stay within (what the peer's inflater must hold)
     * @param memLevel 1-9, see {@link WindowedDeflater}
     */
    MessageCompressor(int level, int windowBits, int memLevel, boolean contextTakeover, int threshold) {
        this.level = level;
        this.windowBits = windowBits;
        this.memLevel = memLevel;
        this.history = contextTakeover ? new History(1 << windowBits) : null;
        this.threshold = threshold;
        this.zlib = !contextTakeover && windowBits == 15;
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
        if (threshold == 0 || history != null) {
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
        int n = payload.remaining();
        BitWriter writer = new BitWriter(heldLength + n + (n >>> 4) + 16);
        writer.writeBytes(held, 0, heldLength);
        if (zlib) {
            compressWithZlib(payload.duplicate(), writer);
        } else {
            if (deflater == null) {
                deflater = CodecPool.borrowDeflater(windowBits, memLevel);
                deflater.start(history, level);
            }
            deflater.compress(payload.duplicate(), writer);
        }
        byte[] out = writer.toByteArray();
        // Every frame ends with a sync flush, 00 00 ff ff: hold the last four bytes back (or drop them at the end).
        int keep = out.length - TAIL;
        heldLength = TAIL;
        System.arraycopy(out, keep, held, 0, TAIL);
        if (last) {
            heldLength = 0;
            endMessage();
        }
        // An exact-size array: some containers' upgraded output streams write the whole backing array (seen on
        // Undertow).
        return ByteBuffer.wrap(Arrays.copyOf(out, keep));
    }

    /**
     * One frame through zlib, ending with a sync flush as {@link WindowedDeflater#compress} does. zlib writes nothing
     * for a flush with no new input; the empty stored block is then written here (it is byte-aligned after zlib's
     * last flush, so zlib's later output follows it correctly).
     */
    private void compressWithZlib(ByteBuffer payload, BitWriter writer) {
        if (zlibDeflater == null) {
            zlibDeflater = CodecPool.borrowZlibDeflater(level);
        }
        long before = writer.bitLength();
        byte[] chunk = new byte[Math.max(64, payload.remaining() + (payload.remaining() >>> 8) + 64)];
        zlibDeflater.setInput(payload);
        while (true) {
            int produced = zlibDeflater.deflate(chunk, 0, chunk.length, java.util.zip.Deflater.SYNC_FLUSH);
            writer.writeBytes(chunk, 0, produced);
            // Deflater contract: a flush is complete when it did not fill the space it was given.
            if (produced < chunk.length && zlibDeflater.needsInput()) {
                break;
            }
        }
        zlibDeflater.setInput(new byte[0]); // do not keep the caller's buffer reachable
        if (writer.bitLength() == before) {
            writer.write(0, 3);
            writer.align();
            writer.write(0x0000, 16);
            writer.write(0xFFFF, 16);
        }
    }

    private void endMessage() {
        if (zlibDeflater != null) {
            CodecPool.giveBack(zlibDeflater, level);
            zlibDeflater = null;
        }
        if (deflater != null) {
            if (history != null) {
                deflater.saveHistory(history);
            }
            CodecPool.giveBack(deflater);
            deflater = null;
        }
    }

    /** Frees everything for good; later calls fail. Idempotent. */
    synchronized void release() {
        released = true;
        precompressed = null;
        if (zlibDeflater != null) {
            CodecPool.giveBack(zlibDeflater, level);
            zlibDeflater = null;
        }
        if (deflater != null) {
            CodecPool.giveBack(deflater);
            deflater = null;
        }
        if (history != null) {
            history.clear();
        }
    }

    /** Whether a compressor is held now, between calls (only while a fragmented message is being sent). */
    synchronized boolean holdsDeflater() {
        return deflater != null || zlibDeflater != null;
    }

    /** Bytes of history kept for context takeover now: what an idle connection costs in this direction. */
    synchronized int historyCapacity() {
        return history == null ? 0 : history.capacity();
    }

    private void requireOpen() {
        if (released) {
            throw new IllegalStateException("permessage-deflate was released: the connection is closed");
        }
    }
}
