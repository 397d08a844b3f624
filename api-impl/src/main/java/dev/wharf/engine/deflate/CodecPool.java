package dev.wharf.engine.deflate;

import java.util.ArrayDeque;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Process-wide, bounded pools of idle codecs: {@link WindowedDeflater}s per window size and memory level, and raw
 * {@link Inflater}s (RFC 7692 §7.2: no zlib header). Every connection borrows one per message and gives it back when
 * the message ends (context takeover keeps only a {@link History}), so an idle connection holds none; the pool caps
 * what stays allocated for reuse at {@link #CAPACITY} of each kind. A codec given back when its pool is full is
 * dropped (an {@code Inflater} is ended at once).
 *
 * <p>Thread-safe. A borrowed {@code Inflater} is reset (no history); a {@code WindowedDeflater} is reset by its
 * {@code start}.
 */
final class CodecPool {

    /**
     * Idle codecs kept per kind: every core compressing at once, four times over. Hosts run callbacks on many
     * threads, and a burst of messages on more threads than this creates codecs that are then dropped: garbage that
     * grows the heap, which is why it is not 1× (a compressor with the default settings is about 49 KiB).
     */
    static final int CAPACITY = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());

    /** Index (windowBits - 8) * 9 + memLevel - 1. */
    @SuppressWarnings("unchecked")
    private static final ArrayDeque<WindowedDeflater>[] DEFLATERS = new ArrayDeque[8 * 9];
    private static final ArrayDeque<Inflater> INFLATERS = new ArrayDeque<>();
    /** zlib compressors for levels 0-9 (used without context takeover at 15 bits); index = level. */
    @SuppressWarnings("unchecked")
    private static final ArrayDeque<Deflater>[] ZLIB_DEFLATERS = new ArrayDeque[10];

    static {
        for (int i = 0; i < DEFLATERS.length; i++) {
            DEFLATERS[i] = new ArrayDeque<>();
        }
        for (int i = 0; i < ZLIB_DEFLATERS.length; i++) {
            ZLIB_DEFLATERS[i] = new ArrayDeque<>();
        }
    }

    private CodecPool() {
    }

    static WindowedDeflater borrowDeflater(int windowBits, int memLevel) {
        ArrayDeque<WindowedDeflater> pool = DEFLATERS[(windowBits - 8) * 9 + memLevel - 1];
        WindowedDeflater d;
        synchronized (pool) {
            d = pool.pollFirst();
        }
        d = d != null ? d : new WindowedDeflater(windowBits, memLevel);
        DeflateStats.deflaterBorrowed(1, d.memoryBytes());
        return d;
    }

    /** Gives {@code d} back; it must not be used afterwards. */
    static void giveBack(WindowedDeflater d) {
        DeflateStats.deflaterBorrowed(-1, -d.memoryBytes());
        ArrayDeque<WindowedDeflater> pool = DEFLATERS[(d.windowBits - 8) * 9 + d.memLevel - 1];
        synchronized (pool) {
            if (pool.size() < CAPACITY) {
                pool.addFirst(d);
            }
        }
    }

    static Deflater borrowZlibDeflater(int level) {
        ArrayDeque<Deflater> pool = ZLIB_DEFLATERS[level];
        Deflater d;
        synchronized (pool) {
            d = pool.pollFirst();
        }
        DeflateStats.deflaterBorrowed(1, DeflateStats.ZLIB_DEFLATER_BYTES);
        return d != null ? d : new Deflater(level, true);
    }

    /** Gives {@code d}, borrowed at {@code level}, back; it must not be used afterwards. */
    static void giveBack(Deflater d, int level) {
        DeflateStats.deflaterBorrowed(-1, -DeflateStats.ZLIB_DEFLATER_BYTES);
        d.reset();
        ArrayDeque<Deflater> pool = ZLIB_DEFLATERS[level];
        synchronized (pool) {
            if (pool.size() < CAPACITY) {
                pool.addFirst(d);
                return;
            }
        }
        d.end();
    }

    static Inflater borrowInflater() {
        DeflateStats.inflaterBorrowed(1);
        Inflater i;
        synchronized (INFLATERS) {
            i = INFLATERS.pollFirst();
        }
        return i != null ? i : new Inflater(true);
    }

    /** Gives {@code i} back; it must not be used afterwards. */
    static void giveBack(Inflater i) {
        DeflateStats.inflaterBorrowed(-1);
        i.reset();
        synchronized (INFLATERS) {
            if (INFLATERS.size() < CAPACITY) {
                INFLATERS.addFirst(i);
                return;
            }
        }
        i.end();
    }

    /** Heap bytes of the idle deflaters pooled now. */
    static long idleDeflaterBytes() {
        long bytes = 0;
        for (ArrayDeque<WindowedDeflater> pool : DEFLATERS) {
            synchronized (pool) {
                for (WindowedDeflater d : pool) {
                    bytes += d.memoryBytes();
                }
            }
        }
        for (ArrayDeque<Deflater> pool : ZLIB_DEFLATERS) {
            synchronized (pool) {
                bytes += pool.size() * DeflateStats.ZLIB_DEFLATER_BYTES;
            }
        }
        return bytes;
    }

    /** Idle codecs currently pooled, for tests and diagnostics: {deflaters of all sizes, inflaters}. */
    static int[] idle() {
        int deflaters = 0;
        for (ArrayDeque<WindowedDeflater> pool : DEFLATERS) {
            synchronized (pool) {
                deflaters += pool.size();
            }
        }
        for (ArrayDeque<Deflater> pool : ZLIB_DEFLATERS) {
            synchronized (pool) {
                deflaters += pool.size();
            }
        }
        synchronized (INFLATERS) {
            return new int[] {deflaters, INFLATERS.size()};
        }
    }
}
