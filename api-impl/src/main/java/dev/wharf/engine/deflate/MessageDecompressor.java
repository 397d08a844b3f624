package dev.wharf.engine.deflate;

import dev.wharf.engine.ExtensionException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692 §7.2.2): inflates each compressed message as its frames arrive,
 * appends {@code 00 00 ff ff} when the message ends, and never produces more than the caller's bound allows, so a
 * small message that would inflate to gigabytes (a zip bomb) costs at most the bound before it is refused with 1009.
 *
 * <p>Past the bound it returns the bytes within the bound and one byte more, and stops for good (the next call fails
 * with 1009), rather than throwing at once: the engine first validates the text within the bound, so that bad UTF-8
 * there is reported as 1007 however the frames were split. The byte past the bound is a placeholder, never
 * inflated: zlib is given no output space past the bound, and the message is over it when zlib stops for want of
 * space with input left. Inflating that byte would let zlib read on in the same call, and a corruption it then
 * found would throw away the byte count, so the outcome would depend on how much input the call had (found by
 * EngineFuzzTest: the same frame whole gave 1009, in pieces 1007, and the other way round).
 *
 * <p>Memory: the {@link Inflater} is borrowed from {@link CodecPool} when a message starts and given back when it
 * ends. With context takeover the last window of inflated output stays in a {@link History} between messages (at
 * most the peer's agreed window, and no more than was received) and is set as the next message's dictionary (zlib
 * allows a dictionary on a raw inflater before its first input), which is exactly the state the peer's compressor
 * assumes. Any window size up to 15 bits decodes: an inflater with a 32 KiB window reads data written with a smaller
 * one; the agreed window only bounds how much history is kept.
 *
 * <p>Corrupt data fails with 1007. RFC 7692 names no code for it (it only says the message cannot be used); RFC 6455
 * §7.4.1 defines 1007 for "data within a message that was not consistent with the type of the message", which is
 * what undecodable compressed data is, and it tells a peer the payload was at fault rather than the framing (1002).
 *
 * <p>Threads: called by the engine's reader; {@link #release()} may come from another thread, so every method locks.
 */
final class MessageDecompressor {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    /** Output grows in steps of at most this much past the input's size; the bound caps it in any case. */
    private static final int MIN_OUTPUT = 1024;
    private static final byte[] NOTHING = new byte[0];

    /** With context takeover: the peer's window of our inflated output. Null without. */
    private final History history;
    private Inflater inflater;
    private boolean released;
    /** Bytes inflated so far for the current message: what the zip-bomb bound is about. */
    private long inflatedInMessage;
    private boolean newMessage = true;
    /** A message passed its bound: its stream was abandoned, so nothing more can be decoded. */
    private boolean overBound;

    /**
     * @param window with context takeover, the most history the peer's matches may reach back to: 2^windowBits of
     *     the window it agreed to compress with
     */
    MessageDecompressor(boolean contextTakeover, int window) {
        this.history = contextTakeover ? new History(window) : null;
    }

    /**
     * Inflates the next chunk of a compressed message; see {@link dev.wharf.engine.MessageExtension#decode}.
     *
     * @return the inflated bytes; {@code maxOutput + 1} of them when the message passes the bound, after which
     *     every call fails with 1009
     * @throws ExtensionException 1007 on corrupt data, 1009 when called again after the bound was passed
     */
    synchronized ByteBuffer decode(ByteBuffer chunk, boolean last, long maxOutput) throws ExtensionException {
        if (released) {
            throw new ExtensionException(ExtensionException.Kind.UNUSABLE, "permessage-deflate was released");
        }
        if (overBound) {
            throw new ExtensionException(ExtensionException.Kind.TOO_BIG, "message inflated past its limit");
        }
        if (inflater == null) {
            inflater = CodecPool.borrowInflater();
            if (history != null && history.length() > 0) {
                inflater.setDictionary(history.bytes(), 0, history.length());
            }
        }
        if (newMessage) {
            inflatedInMessage = 0;
            newMessage = false;
        }
        Output out = new Output(chunk.remaining(), maxOutput);
        try {
            inflate(chunk, out);
            if (!out.isOver() && last) {
                inflate(ByteBuffer.wrap(TAIL), out);
            }
            if (!out.isOver() && history != null) {
                history.append(out.bytes, 0, out.size);
            }
            if (!out.isOver() && last) {
                endMessage();
            }
            if (out.isOver()) {
                overBound = true;
                dropInflater(); // mid-stream with input left over: unusable
            }
        } catch (ExtensionException e) {
            dropInflater(); // its state is unusable; the engine fails the connection
            throw e;
        }
        return out.buffer();
    }

    /** Inflates all of {@code input}, or stops once the output passes its bound. */
    private void inflate(ByteBuffer input, Output out) throws ExtensionException {
        if (inflater.finished()) {
            // RFC 7692 §7.2.3.4: a sender may end a message with a BFINAL block; what follows it in the message
            // (the empty stored block we append, or one the sender added) carries nothing.
            return;
        }
        inflater.setInput(input);
        try {
            while (true) {
                int space = out.space();
                int produced = inflater.inflate(out.bytes, out.size, space);
                out.size += produced;
                inflatedInMessage += produced;
                if (inflater.needsDictionary()) {
                    throw new ExtensionException(ExtensionException.Kind.CORRUPT_DATA, "compressed data asks for a preset dictionary");
                }
                if (produced == 0 && (inflater.needsInput() || inflater.finished())) {
                    return;
                }
                if (produced == 0 && space == 0) {
                    // At the bound, and zlib stopped with input left: what it holds back is output.
                    out.over();
                    return;
                }
            }
        } catch (DataFormatException e) {
            throw new ExtensionException(ExtensionException.Kind.CORRUPT_DATA, "corrupt compressed data (" + e.getMessage() + ")");
        } finally {
            inflater.setInput(NOTHING); // keep no reference to the engine's chunk
        }
    }

    private void endMessage() {
        newMessage = true;
        if (inflater.finished() && history != null) {
            // The sender ended the DEFLATE stream (BFINAL): the next message starts a new one, with no history.
            history.clear();
        }
        CodecPool.giveBack(inflater);
        inflater = null;
    }

    private void dropInflater() {
        if (inflater != null) {
            inflater.end(); // not pooled: a failed stream is not worth resetting
            inflater = null;
        }
        // inflatedInMessage stays: it tells what the refused message cost
    }

    /** Frees the inflater for good; later calls fail. Idempotent. */
    synchronized void release() {
        released = true;
        if (inflater != null) {
            CodecPool.giveBack(inflater);
            inflater = null;
        }
        if (history != null) {
            history.clear();
        }
    }

    /** Bytes of history kept for context takeover now: what an idle connection costs in this direction. */
    synchronized int historyCapacity() {
        return history == null ? 0 : history.capacity();
    }

    /** Whether an inflater is held now, between calls (only while a fragmented message arrives). */
    synchronized boolean holdsInflater() {
        return inflater != null;
    }

    /** Bytes inflated for the message in progress or the last one: for the zip-bomb tests. */
    synchronized long inflatedInMessage() {
        return inflatedInMessage;
    }

    /** The output of one call: grows geometrically, never past the bound (plus the placeholder byte). */
    private static final class Output {
        final long maxOutput;
        /** The most bytes inflated into it: the bound, or what a Java array holds. */
        final int cap;
        byte[] bytes;
        int size;
        private boolean over;

        Output(int inputSize, long maxOutput) {
            this.maxOutput = maxOutput;
            this.cap = (int) Math.min(maxOutput, Integer.MAX_VALUE - 9); // one below the array limit: the placeholder
            this.bytes = new byte[Math.max(1, (int) Math.min(cap, Math.max(MIN_OUTPUT, 2L * inputSize)))];
        }

        /** Room for zlib's next call, growing the array first if it is full; 0 at the bound. */
        int space() {
            if (size == bytes.length && bytes.length < cap) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(cap, 2L * bytes.length));
            }
            return Math.min(bytes.length, cap) - size;
        }

        /** More output is due than the bound allows. */
        void over() throws ExtensionException {
            if (cap < maxOutput) {
                throw new ExtensionException(ExtensionException.Kind.TOO_BIG, "message inflates past " + cap + " bytes");
            }
            over = true;
        }

        /** Past the bound: the caller fails the message with 1009 once it has checked the bytes within it. */
        boolean isOver() {
            return over;
        }

        /** The inflated bytes, and the placeholder byte when over the bound. */
        ByteBuffer buffer() {
            if (over && size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size + 1);
            }
            return ByteBuffer.wrap(bytes, 0, over ? size + 1 : size);
        }
    }
}
