package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One session's callbacks: in order, one at a time [WSC-5.1-2], on the pool or on the reader that holds them. */
class SerialDispatcherTest {

    private final List<Runnable> handedToPool = new ArrayList<>();
    private final SerialDispatcher dispatcher =
            new SerialDispatcher(handedToPool::add, SerialDispatcherTest.class.getClassLoader());
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOther() {
        other.shutdownNow();
    }

    @Test
    @DisplayName("callbacks queued while the reader holds them run on the reader, in order, with no pool hand-off")
    void heldCallbacksRunOnTheReader() {
        List<String> ran = new ArrayList<>();
        Thread reader = Thread.currentThread();
        dispatcher.holdFor(reader);
        for (int i = 0; i < 3; i++) {
            int n = i;
            dispatcher.execute(() -> {
                assertSame(reader, Thread.currentThread());
                ran.add("message " + n);
            });
        }
        assertEquals(List.of(), ran, "nothing runs before the read is done");

        dispatcher.runHeld();

        assertEquals(List.of("message 0", "message 1", "message 2"), ran);
        assertEquals(0, handedToPool.size(), "no pool turn was scheduled");
        assertTrue(dispatcher.isIdle());
    }

    @Test
    @DisplayName("a callback that waits for input the reader has yet to read goes to the pool, with those before it")
    void offReaderCallbacksGoToThePool() {
        List<String> ran = new ArrayList<>();
        dispatcher.holdFor(Thread.currentThread());
        dispatcher.execute(() -> ran.add("whole"));
        dispatcher.executeOffReader(() -> ran.add("streamed"));

        dispatcher.runHeld(); // the pool turn owns the queue now: the reader must not run it

        assertEquals(List.of(), ran);
        assertEquals(1, handedToPool.size());
        handedToPool.get(0).run();
        assertEquals(List.of("whole", "streamed"), ran);
    }

    @Test
    @DisplayName("callbacks queued by other threads while the reader holds its own still go to the pool")
    void otherThreadsAreNotHeld() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        dispatcher.holdFor(Thread.currentThread());
        other.submit(() -> dispatcher.execute(() -> ran.add("from a timer"))).get(5, TimeUnit.SECONDS);

        assertEquals(1, handedToPool.size(), "another thread's callback is not held for the reader");
        dispatcher.execute(() -> ran.add("from the reader"));
        dispatcher.runHeld(); // a pool turn is scheduled: it runs both, in queue order
        assertEquals(List.of(), ran);
        handedToPool.get(0).run();
        assertEquals(List.of("from a timer", "from the reader"), ran);
    }

    @Test
    @DisplayName("a held turn runs callbacks with the application's class loader and restores the reader's")
    void heldTurnUsesTheApplicationLoader() {
        ClassLoader app = new ClassLoader(null) { };
        SerialDispatcher withApp = new SerialDispatcher(handedToPool::add, app);
        ClassLoader readerLoader = Thread.currentThread().getContextClassLoader();
        List<ClassLoader> seen = new ArrayList<>();
        withApp.holdFor(Thread.currentThread());
        withApp.execute(() -> seen.add(Thread.currentThread().getContextClassLoader()));
        withApp.runHeld();
        assertEquals(List.of(app), seen);
        assertSame(readerLoader, Thread.currentThread().getContextClassLoader());
    }

    @Test
    @DisplayName("a callback queued from inside a held turn runs in that turn, after the ones before it")
    void queuedFromInsideAHeldTurn() throws Exception {
        List<String> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        dispatcher.holdFor(Thread.currentThread());
        dispatcher.execute(() -> {
            ran.add("message");
            dispatcher.execute(() -> {
                ran.add("onClose");
                done.countDown();
            });
        });
        dispatcher.runHeld();
        assertTrue(done.await(0, TimeUnit.SECONDS), "the close ran in the same turn");
        assertEquals(List.of("message", "onClose"), ran);
        assertEquals(0, handedToPool.size());
    }

    @Test
    @DisplayName("a task run alone runs here and only itself: what it queues goes to the pool after it, in order")
    void aloneRunsOnlyItselfHere() {
        List<String> ran = new ArrayList<>();
        Thread caller = Thread.currentThread();
        assertTrue(dispatcher.runAloneIfIdle(() -> {
            assertSame(caller, Thread.currentThread());
            ran.add("alone");
            dispatcher.execute(() -> ran.add("queued"));
            assertEquals(0, handedToPool.size(), "not handed over while the alone task runs");
        }));
        assertEquals(List.of("alone"), ran);
        assertEquals(1, handedToPool.size());
        handedToPool.remove(0).run();
        assertEquals(List.of("alone", "queued"), ran);
    }

    @Test
    @DisplayName("a task is not run alone while a callback is queued or running")
    void aloneRefusedWhileBusy() {
        List<String> ran = new ArrayList<>();
        dispatcher.execute(() -> ran.add("first"));
        assertEquals(false, dispatcher.runAloneIfIdle(() -> ran.add("alone")));
        handedToPool.remove(0).run();
        assertEquals(List.of("first"), ran);
        assertTrue(dispatcher.runAloneIfIdle(() -> ran.add("alone")));
        assertEquals(List.of("first", "alone"), ran);
    }
}
