package dev.wharf.engine.deflate;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * permessage-deflate figures for the whole JVM: the codecs are pooled JVM-wide ({@link CodecPool}), so their memory
 * is too. Bytes are payload bytes before and after compression (outbound) or decompression (inbound); counting is one
 * {@link LongAdder} add per frame.
 */
public final class DeflateStats {

    /**
     * zlib's own estimate of a raw deflate stream's memory at Java's settings (15 window bits, memory level 8):
     * {@code (1 << (15 + 2)) + (1 << (8 + 9))}, plus its state, about 6 KiB.
     */
    public static final long DEFLATER_BYTES = (1 << 17) + (1 << 17) + 6 * 1024;
    /** zlib's estimate for an inflate stream: the 32 KiB window plus its state, about 7 KiB. */
    public static final long INFLATER_BYTES = (1 << 15) + 7 * 1024;

    private static final LongAdder UNCOMPRESSED_OUT = new LongAdder();
    private static final LongAdder COMPRESSED_OUT = new LongAdder();
    private static final LongAdder COMPRESSED_IN = new LongAdder();
    private static final LongAdder INFLATED_IN = new LongAdder();
    private static final AtomicInteger DEFLATERS_IN_USE = new AtomicInteger();
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

    static void deflaterBorrowed(int delta) {
        DEFLATERS_IN_USE.addAndGet(delta);
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

    /** Compressors held by sessions now (between messages with context takeover, or during a message). */
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

    /** zlib memory held by compressors and decompressors, in use and pooled, by zlib's own estimate per stream. */
    public static long codecMemoryBytes() {
        int[] idle = CodecPool.idle();
        return (DEFLATERS_IN_USE.get() + (long) idle[0]) * DEFLATER_BYTES
                + (INFLATERS_IN_USE.get() + (long) idle[1]) * INFLATER_BYTES;
    }
}
