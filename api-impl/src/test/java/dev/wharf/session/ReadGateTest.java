package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The read side's gate: one pass at a time, no signal lost, and never a lock held while a pass reads. */
class ReadGateTest {

    private final List<Throwable> ends = new ArrayList<>();
    private final ReadGate gate = new ReadGate(ends::add);
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOther() {
        other.shutdownNow();
    }

    @Test
    @DisplayName("the host signalling input from another thread during a pass makes that pass go round again")
    void signalDuringAPassIsNotLost() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch signalled = new CountDownLatch(1);
        Future<?> reader = other.submit(() -> gate.run(() -> {
            if (passes.incrementAndGet() == 1) {
                inPass.countDown();
                await(signalled); // the pass is about to ask for more input when the host says there is some
            }
        }));
        assertTrue(inPass.await(5, TimeUnit.SECONDS));
        gate.run(() -> passes.addAndGet(100)); // the host's callback on its own thread: must not run a second pass
        signalled.countDown();
        reader.get(5, TimeUnit.SECONDS);
        assertEquals(2, passes.get(), "the running pass read once more, and no pass ran beside it");
    }

    @Test
    @DisplayName("a resume that comes just after the pass saw the pause makes the pass read on")
    void resumeAsThePassStopsIsNotLost() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch sawPause = new CountDownLatch(1);
        CountDownLatch resumed = new CountDownLatch(1);
        Future<?> reader = other.submit(() -> gate.run(() -> {
            if (passes.incrementAndGet() == 1) {
                gate.suspend(); // the session is behind
                assertFalse(gate.open());
                sawPause.countDown();
                await(resumed);
            }
        }));
        assertTrue(sawPause.await(5, TimeUnit.SECONDS));
        assertFalse(gate.resume(), "a pass is running: the resumer must not start one");
        resumed.countDown();
        reader.get(5, TimeUnit.SECONDS);
        assertEquals(2, passes.get());
    }

    @Test
    @DisplayName("a resume while the pass still reads needs no second round")
    void resumeBeforeThePassLooksIsJustAResume() {
        AtomicInteger passes = new AtomicInteger();
        gate.run(() -> {
            passes.incrementAndGet();
            gate.suspend();
            assertFalse(gate.resume());
            assertTrue(gate.open(), "the pass reads on by itself");
        });
        assertEquals(1, passes.get());
    }

    @Test
    @DisplayName("a pass started from its own stack (through the session) does nothing")
    void reentrantRunDoesNothing() {
        AtomicInteger passes = new AtomicInteger();
        gate.run(() -> {
            passes.incrementAndGet();
            gate.run(passes::incrementAndGet);
        });
        assertEquals(1, passes.get());
    }

    @Test
    @DisplayName("other threads can pause, resume and end the input while a pass waits in endpoint code")
    void noLockIsHeldDuringAPass() throws Exception {
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> reader = other.submit(() -> gate.run(() -> {
            inPass.countDown();
            await(release); // e.g. a blocking send that only the host's close would fail
        }));
        assertTrue(inPass.await(5, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> gate.end(null));
        closer.start();
        closer.join(5000);
        assertFalse(closer.isAlive(), "ending the input waited for the pass");
        assertEquals(1, ends.size());
        release.countDown();
        reader.get(5, TimeUnit.SECONDS);
        assertFalse(gate.open());
    }

    @Test
    @DisplayName("a gate that starts paused lets no pass read until the first resume, which asks for one")
    void startsPausedUntilTheFirstResume() {
        ReadGate held = new ReadGate(ends::add, true);
        AtomicInteger reads = new AtomicInteger();
        ReadGate.Pass pass = () -> {
            while (held.open() && reads.get() < 3) {
                reads.incrementAndGet();
            }
        };
        held.run(pass); // the host signalled input before onOpen
        assertEquals(0, reads.get(), "input before the session asked for it");
        assertTrue(held.resume(), "the first resume must start a pass: nothing else will");
        held.run(pass);
        assertEquals(3, reads.get());
        assertFalse(held.resume(), "not paused any more: nothing to resume");
    }

    @Test
    @DisplayName("the end of input is reported once, whoever reports it")
    void endIsReportedOnce() {
        gate.run(() -> {
            throw new IOException("reset");
        });
        gate.end(null);
        assertEquals(1, ends.size());
        assertEquals("reset", ends.get(0).getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
