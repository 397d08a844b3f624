package dev.wharf.engine.deflate;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * permessage-deflate figures for the whole JVM: the codecs are pooled JVM-wide ({@link CodecPool}), so their memory
 * is too. A codec is borrowed for one message and given back at its end. Bytes are payload bytes before and after
 * compression (outbound) or decompression (inbound); counting is one {@link LongAdder} add per frame.
 */
public final class DeflateStats {

    /**
     * zlib's estimate of a raw deflate stream at 15 window bits and memory level 8 (the zlib compressor used where no
     * context is kept): {@code (1 << 17) + (1 << 17)} plus about 6 KiB of state.
     */
    public static final long ZLIB_DEFLATER_BYTES = (1 << 17) + (1 << 17) + 6 * 1024;

    /** zlib's estimate of an inflate stream (Java's {@code Inflater} is zlib's): the 32 KiB window plus state. */
    public static final long INFLATER_BYTES = (1 << 15) + 7 * 1024;

    private static final LongAdder UNCOMPRESSED_OUT = new LongAdder();
    private static final LongAdder COMPRESSED_OUT = new LongAdder();
    private static final LongAdder COMPRESSED_IN = new LongAdder();
    private static final LongAdder INFLATED_IN = new LongAdder();
    private static final AtomicInteger DEFLATERS_IN_USE = new AtomicInteger();
    private static final AtomicLong DEFLATER_BYTES_IN_USE = new AtomicLong();
    private static final AtomicInteger INFLATERS_IN_USE = new AtomicInteger();

    private DeflateStats() {
    }

    static void compressed(long before, long after) {
        UNCOMPRESSED_OUT.add(before);
        COMPRESSED_OUT.add(after);
    }

    static void inflated(long before, long after) {
        COMPRESSED_IN.add(before);
        INFLATED_IN.add(after);
    }

    static void deflaterBorrowed(int delta, long bytes) {
        DEFLATERS_IN_USE.addAndGet(delta);
        DEFLATER_BYTES_IN_USE.addAndGet(bytes);
    }

    static void inflaterBorrowed(int delta) {
        INFLATERS_IN_USE.addAndGet(delta);
    }

    /** Payload bytes of outgoing compressed messages before compression. */
    public static long sentUncompressedBytes() {
        return UNCOMPRESSED_OUT.sum();
    }

    /** The same payloads after compression. */
    public static long sentCompressedBytes() {
        return COMPRESSED_OUT.sum();
    }

    /** Payload bytes of incoming compressed messages as received. */
    public static long receivedCompressedBytes() {
        return COMPRESSED_IN.sum();
    }

    /** The same payloads after decompression. */
    public static long receivedInflatedBytes() {
        return INFLATED_IN.sum();
    }

    /** Compressors borrowed by sessions now (each for the message it is compressing). */
    public static int deflatersInUse() {
        return DEFLATERS_IN_USE.get();
    }

    public static int inflatersInUse() {
        return INFLATERS_IN_USE.get();
    }

    /** Compressors kept in the pool for reuse. */
    public static int deflatersIdle() {
        return CodecPool.idle()[0];
    }

    public static int inflatersIdle() {
        return CodecPool.idle()[1];
    }

    /**
     * Memory of the codecs, in use and pooled: the compressors' heap arrays (Wharf's own deflater: window, hash chains,
     * block buffer) and the decompressors' native zlib streams (zlib's estimate). Not included: the per-connection
     * history a compression context keeps between messages (at most one window per direction).
     */
    public static long codecMemoryBytes() {
        int[] idle = CodecPool.idle();
        return DEFLATER_BYTES_IN_USE.get() + CodecPool.idleDeflaterBytes()
                + (INFLATERS_IN_USE.get() + (long) idle[1]) * INFLATER_BYTES;
    }
}
