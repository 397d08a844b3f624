package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadBuffersTest {

    private static final int KEPT = 8;
    private static final int SIZE = 1024;
    /** Not the shared instance: hosts of other tests in this JVM may be reading through that one meanwhile. */
    private final ReadBuffers buffers = new ReadBuffers(KEPT, SIZE);

    @Test
    void buffersLentAtOnceAreDistinctAndComeBackCleared() {
        int n = KEPT + 5; // more than are kept: the extra ones are made fresh
        List<ByteBuffer> lent = new ArrayList<>();
        Set<ByteBuffer> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < n; i++) {
            ByteBuffer b = buffers.lend();
            assertEquals(SIZE, b.remaining());
            b.put((byte) 1).flip(); // as a reader leaves it
            lent.add(b);
            distinct.add(b);
        }
        assertEquals(n, distinct.size(), "two readers never share a buffer");
        lent.forEach(buffers::keep);
        assertEquals(KEPT, buffers.kept(), "at most KEPT buffers stay between reads");
        ByteBuffer again = buffers.lend();
        assertTrue(distinct.contains(again), "a kept buffer is lent again");
        assertEquals(0, again.position());
        assertEquals(SIZE, again.limit());
        buffers.keep(again);
    }

    @Test
    void threadsWhoseReadsEndedHoldNoBuffer() throws Exception {
        // Many host threads each read once, then idle: they keep nothing (a ThreadLocal buffer would stay with each).
        int threads = 8 * KEPT;
        CountDownLatch allRead = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                ByteBuffer b = buffers.lend();
                allRead.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // every thread holds its buffer at once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                buffers.keep(b);
            });
            t.start();
            started.add(t);
        }
        assertTrue(allRead.await(10, TimeUnit.SECONDS));
        release.countDown();
        for (Thread t : started) {
            t.join(10_000);
        }
        assertEquals(KEPT, buffers.kept(), "only KEPT of the buffers stay reachable");
    }

    @Test
    void aLargeBufferOnlyWhileALargeFrameIsAwaited() {
        ByteBuffer small = ReadBuffers.take();
        assertEquals(ReadBuffers.SIZE, small.capacity());
        assertTrue(ReadBuffers.forNextRead(small, ReadBuffers.LARGE_FROM - 1) == small, "a frame's end is near");
        assertTrue(ReadBuffers.forNextRead(small, 0) == small, "between frames");
        ByteBuffer large = ReadBuffers.forNextRead(small, ReadBuffers.LARGE_FROM);
        assertEquals(ReadBuffers.LARGE_SIZE, large.capacity());
        assertEquals(ReadBuffers.LARGE_SIZE, large.remaining(), "cleared");
        assertTrue(large.isDirect(), "the socket reads into it without the JDK's own copy");
        assertTrue(ReadBuffers.forNextRead(large, 1L << 20) == large, "kept for the rest of the pass");
        assertTrue(ReadBuffers.forNextRead(large, 0) == large);
        ReadBuffers.giveBack(large);
    }

    @Test
    void directBuffersAreNeverGarbageAndAtMostOnePerSlotExists() {
        ReadBuffers buffers = new ReadBuffers(3, 1024, true);
        ByteBuffer a = buffers.lend();
        ByteBuffer b = buffers.lend();
        ByteBuffer c = buffers.lend();
        assertTrue(a.isDirect() && b.isDirect() && c.isDirect());
        assertTrue(buffers.lend() == null, "none free and as many made as there are slots: none more");
        b.put((byte) 1);
        buffers.keep(b);
        assertTrue(buffers.lend() == b, "the one given back");
        assertEquals(1024, b.remaining(), "cleared");
        buffers.keep(a);
        buffers.keep(b);
        buffers.keep(c);
        assertEquals(3, buffers.kept(), "every one made found a slot");
    }
}
