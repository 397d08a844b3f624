package dev.wharf.engine.deflate;

import java.util.ArrayDeque;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Process-wide, bounded pools of idle raw-deflate codecs (RFC 7692 §7.2: no zlib header). A connection that keeps
 * no compression context between messages borrows one per message and gives it back at the end, so an idle
 * connection holds none; the pool caps what stays allocated for reuse at {@link #CAPACITY} of each kind. A codec
 * given back when the pool is full is ended at once.
 *
 * <p>Thread-safe. Codecs come out reset (no history), so a borrowed one behaves like a new one.
 */
final class CodecPool {

    /** Idle codecs kept per kind and level: enough for every core to be compressing at once, twice over. */
    static final int CAPACITY = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    // Levels -1..9, one deque each; index level + 1.
    private static final ArrayDeque<Deflater>[] DEFLATERS = newDeques(11);
    private static final ArrayDeque<Inflater> INFLATERS = new ArrayDeque<>();

    private CodecPool() {
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<Deflater>[] newDeques(int n) {
        ArrayDeque<Deflater>[] deques = new ArrayDeque[n];
        for (int i = 0; i < n; i++) {
            deques[i] = new ArrayDeque<>();
        }
        return deques;
    }

    static Deflater borrowDeflater(int level) {
        DeflateStats.deflaterBorrowed(1);
        ArrayDeque<Deflater> pool = DEFLATERS[level + 1];
        Deflater d;
        synchronized (pool) {
            d = pool.pollFirst();
        }
        return d != null ? d : new Deflater(level, true);
    }

    /** Gives {@code d}, created by {@link #borrowDeflater} at {@code level}, back; it must not be used afterwards. */
    static void giveBack(Deflater d, int level) {
        DeflateStats.deflaterBorrowed(-1);
        d.reset();
        ArrayDeque<Deflater> pool = DEFLATERS[level + 1];
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

    /** Idle codecs currently pooled, for tests and diagnostics: {deflaters at all levels, inflaters}. */
    static int[] idle() {
        int deflaters = 0;
        for (ArrayDeque<Deflater> pool : DEFLATERS) {
            synchronized (pool) {
                deflaters += pool.size();
            }
        }
        synchronized (INFLATERS) {
            return new int[] {deflaters, INFLATERS.size()};
        }
    }
}
