package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pause and resume a session's inbound accounting tells its transport, raced the way a reader (pausing for the
 * message it just queued) and the endpoint's thread (resuming for the one it just took) race them (issue #20).
 */
class WatermarksTest {

    /** A transport that pauses and resumes as the servlet bridge's read gate does: a resume without a pause is lost. */
    static final class GateTransport implements Transport {
        private boolean paused;

        @Override
        public synchronized void suspendReading() {
            paused = true;
        }

        @Override
        public synchronized void resumeReading() {
            paused = false;
        }

        synchronized boolean paused() {
            return paused;
        }

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            callback.completed();
        }

        @Override
        public void close() {}

        @Override
        public void abort() {}
    }

    @Test
    void pastTheHighWaterMarkTheReaderPausesAndBelowTheLowOneItResumes() {
        GateTransport transport = new GateTransport();
        Watermarks marks = new Watermarks(transport, new InboundBudget(() -> 0));
        marks.reserve(Watermarks.HIGH_WATER);
        assertFalse(transport.paused(), "at the mark, not past it");
        marks.reserve(1);
        assertTrue(transport.paused());
        marks.release(Watermarks.HIGH_WATER - Watermarks.LOW_WATER);
        assertTrue(transport.paused(), "at the low mark, not below it");
        marks.release(2);
        assertFalse(transport.paused());
    }

    @Test
    void aResumeThatArrivesAfterANewerPauseDoesNotUndoIt() {
        // The endpoint's thread decides to resume; before its resume reaches the transport, the reader decides and
        // tells a pause. The late resume must not leave the transport reading while the marks say paused.
        GateTransport gate = new GateTransport();
        Watermarks[] marks = new Watermarks[1];
        Transport racing = new Transport() {
            private boolean raced;

            @Override
            public void suspendReading() {
                gate.suspendReading();
            }

            @Override
            public void resumeReading() {
                if (!raced) {
                    raced = true;
                    marks[0].reserve(Watermarks.HIGH_WATER + 1); // the reader, just before this resume lands
                }
                gate.resumeReading();
            }

            @Override
            public void write(ByteBuffer[] buffers, WriteCallback callback) {}

            @Override
            public void close() {}

            @Override
            public void abort() {}
        };
        marks[0] = new Watermarks(racing, new InboundBudget(() -> 0));
        marks[0].reserve(Watermarks.HIGH_WATER + 1);
        marks[0].release(Watermarks.HIGH_WATER + 1); // resume decided; the reader pauses again before it is told
        assertTrue(gate.paused(), "the newer pause holds");
        marks[0].release(Watermarks.HIGH_WATER + 1);
        assertFalse(gate.paused());
    }

    @Test
    void aResumeDecidedWhileAPauseIsBeingToldComesAfterIt() throws Exception {
        // The stall of issue #20: the reader decided to pause; before the pause reached the transport, the endpoint's
        // thread took the waiting bytes and decided and told a resume, which the transport ignored as it was not
        // paused; then the pause landed, and nothing was left to resume it. The endpoint's release is given up to
        // 200 ms to slip in between here; it must either wait for the pause to be told or come after it.
        GateTransport gate = new GateTransport();
        Watermarks[] marks = new Watermarks[1];
        ExecutorService endpoint = Executors.newSingleThreadExecutor();
        Future<?>[] release = new Future<?>[1];
        Transport racing = new Transport() {
            @Override
            public void suspendReading() {
                if (release[0] == null) {
                    release[0] = endpoint.submit(() -> marks[0].release(Watermarks.HIGH_WATER + 1));
                    try {
                        release[0].get(200, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException expected) {
                        // it waits for this pause to be told: the right order
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
                gate.suspendReading();
            }

            @Override
            public void resumeReading() {
                gate.resumeReading();
            }

            @Override
            public void write(ByteBuffer[] buffers, WriteCallback callback) {}

            @Override
            public void close() {}

            @Override
            public void abort() {}
        };
        marks[0] = new Watermarks(racing, new InboundBudget(() -> 0));
        try {
            marks[0].reserve(Watermarks.HIGH_WATER + 1);
            release[0].get(10, TimeUnit.SECONDS);
        } finally {
            endpoint.shutdownNow();
        }
        assertFalse(marks[0].readingSuspended(), "nothing waits");
        assertFalse(gate.paused(), "so the reader reads");
    }

    /**
     * With a one-byte container budget every reservation pauses and every release resumes; a reader reserving and
     * an endpoint thread releasing at the same instant, many times over, must leave the transport exactly as the
     * marks decided after each step: a pause the marks have forgotten is a reader stopped for good.
     */
    @Test
    void concurrentPausesAndResumesLeaveTheTransportAsDecided() throws Exception {
        GateTransport transport = new GateTransport();
        Watermarks marks = new Watermarks(transport, new InboundBudget(() -> 1));
        int steps = 100_000;
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier done = new CyclicBarrier(2, () -> {
            boolean decided = marks.readingSuspended();
            if (transport.paused() != decided) {
                throw new AssertionError("transport paused " + transport.paused() + ", marks say " + decided);
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            marks.reserve(10); // message 0 waits
            Future<?> reader = threads.submit(() -> {
                for (int i = 1; i <= steps; i++) {
                    start.await(10, TimeUnit.SECONDS);
                    marks.reserve(10); // message i queued
                    done.await(10, TimeUnit.SECONDS);
                }
                return null;
            });
            Future<?> endpoint = threads.submit(() -> {
                for (int i = 1; i <= steps; i++) {
                    start.await(10, TimeUnit.SECONDS);
                    marks.release(10); // message i - 1 taken
                    done.await(10, TimeUnit.SECONDS);
                }
                return null;
            });
            reader.get(60, TimeUnit.SECONDS);
            endpoint.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        marks.release(10);
        assertEquals(false, transport.paused(), "nothing waits: reading goes on");
    }
}
