package dev.wharf.servlet;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The buffers the transports read into, lent for one read pass and given back: a few shared by all connections and
 * threads, instead of one per host thread. Not user API (public only for the host packages).
 *
 * <p>A buffer per thread ({@code ThreadLocal}) stayed reachable for as long as its thread lived. Hosts grow their
 * pools for a burst of handshakes and keep the threads for a minute (Jetty's grew to ~105 for 2,000 connections
 * opened 100 at a time, Tomcat's to ~160), so 16 KiB per thread was 1.7-2.6 MB of heap that idle connections seemed
 * to hold (0.9-1.3 KiB of the 5 KiB per connection at 2,000 on the Jetty host). Here at most {@link #KEPT}
 * buffers stay between reads, whoever's threads read; a pass that finds none free allocates one, and it is kept
 * on return only if a slot is empty.
 *
 * <p>No lock and no allocation when a buffer is free: a fixed array of slots, taken with {@code getAndSet(null)}
 * and returned with {@code compareAndSet(null, buffer)}, starting at a slot chosen by the thread so that threads
 * rarely contend for one.
 */
public final class ReadBuffers {

    /** Bytes per buffer (as each transport's thread-local buffer had): a 1 MiB message is 64 reads. */
    static final int SIZE = 16 * 1024;
    /**
     * Buffers kept between reads (512 KiB at most on a small machine): more than the read passes that run at once,
     * as a pass that finds none allocates 16 KiB of garbage. Passes outnumber cores on a busy machine (a thread
     * descheduled in the middle of one keeps its buffer), and a Jetty reader running callbacks keeps its buffer
     * through them: up to {@code SessionServices.MAX_READERS_IN_CALLBACKS} (16 on two cores) at once.
     */
    static final int KEPT = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());

    private static final ReadBuffers SHARED = new ReadBuffers(KEPT, SIZE);
    /**
     * Bytes per buffer while a large frame arrives: a 1 MiB message in 6-8 reads, not 64 (16 with 64 KiB buffers).
     * Each read is a system call that on loopback also sends the peer a window update through the whole TCP stack
     * (perf: most of the kernel's time per read), so fewer, larger reads cost less per byte: 256 KiB against 64 KiB
     * took a fifth off the server's system time per MiB in the 1 MiB echo (docs/BENCHMARKS.md, session 14).
     */
    static final int LARGE_SIZE = 256 * 1024;
    /**
     * Bytes still to come of the arriving frame from which a pass reads into a large buffer: below it, the frame's
     * end is a few small reads away.
     */
    static final int LARGE_FROM = 64 * 1024;
    /**
     * Large buffers that exist at most: 1 MiB of native memory, whatever the number of connections; a pass that
     * finds none free reads on with its small buffer. They are direct: the socket reads into them at once, where the
     * JDK reads a heap buffer through a temporary direct one of its own and copies the bytes over (a second copy of
     * every byte received), and the engine unmasks out of them with one bulk copy.
     */
    static final int LARGE_KEPT = 4;
    private static final ReadBuffers LARGE = new ReadBuffers(LARGE_KEPT, LARGE_SIZE, true);

    private final AtomicReferenceArray<ByteBuffer> slots;
    private final int size;
    /** Direct buffers are never garbage (slow to allocate and to free): at most one per slot is ever made. */
    private final boolean direct;
    private final AtomicInteger made = new AtomicInteger();

    ReadBuffers(int kept, int size) {
        this(kept, size, false);
    }

    ReadBuffers(int kept, int size, boolean direct) {
        this.slots = new AtomicReferenceArray<>(kept);
        this.size = size;
        this.direct = direct;
    }

    /** A cleared heap buffer of {@link #SIZE} bytes, the caller's until {@link #giveBack}. */
    public static ByteBuffer take() {
        return SHARED.lend();
    }

    /**
     * The buffer for the next read of a pass: {@code current}, or a cleared direct one of {@link #LARGE_SIZE} bytes
     * (and {@code current} given back) once a frame with at least {@link #LARGE_FROM} bytes still to come is arriving
     * and one is free. The memory
     * follows bytes that are arriving, never a length alone: the buffer is lent for the pass, not kept by the
     * connection. For a transport whose read can fill the buffer given: Jetty's, and Tomcat's on a plain connection
     * (Undertow's servlet stream reads through a pooled buffer of its own, 16 KiB: a larger one brings no more).
     */
    public static ByteBuffer forNextRead(ByteBuffer current, long awaited) {
        if (awaited >= LARGE_FROM && current.capacity() < LARGE_SIZE) {
            ByteBuffer large = LARGE.lend();
            if (large != null) {
                giveBack(current);
                return large;
            }
        }
        return current;
    }

    /** Whether {@code buffer} is a large one from {@link #forNextRead}: a large frame is arriving. */
    public static boolean isLarge(ByteBuffer buffer) {
        return buffer.capacity() >= LARGE_SIZE;
    }

    /** Returns a buffer from {@link #take}; the caller must not touch it after. Dropped when every slot is full. */
    public static void giveBack(ByteBuffer buffer) {
        (buffer.capacity() >= LARGE_SIZE ? LARGE : SHARED).keep(buffer);
    }

    /** A cleared buffer; a new one if none is free, or null if none is free and this kind is never garbage. */
    ByteBuffer lend() {
        int n = slots.length();
        int start = firstSlot(n);
        for (int i = 0; i < n; i++) {
            ByteBuffer buffer = slots.getAndSet((start + i) % n, null);
            if (buffer != null) {
                return buffer.clear();
            }
        }
        if (!direct) {
            return ByteBuffer.allocate(size);
        }
        // With at most one buffer per slot, each one finds a free slot when it comes back: none is ever dropped.
        return made.getAndUpdate(m -> m < n ? m + 1 : m) < n ? ByteBuffer.allocateDirect(size) : null;
    }

    void keep(ByteBuffer buffer) {
        int n = slots.length();
        int start = firstSlot(n);
        for (int i = 0; i < n; i++) {
            if (slots.compareAndSet((start + i) % n, null, buffer)) {
                return;
            }
        }
    }

    /** How many buffers wait in the slots now (tests). */
    int kept() {
        int kept = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                kept++;
            }
        }
        return kept;
    }

    private static int firstSlot(int slots) {
        return (int) (Thread.currentThread().getId() % slots);
    }
}
