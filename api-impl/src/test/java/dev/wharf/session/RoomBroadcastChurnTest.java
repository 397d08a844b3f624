package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.Rooms;
import dev.wharf.server.WharfServerContainer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several threads broadcast to one room while other threads make members leave and join again: every frame a
 * broadcast counted (its return value) reaches its member exactly once, nothing else arrives, and each member gets
 * each sender's frames in the order sent. Members that never leave get every broadcast.
 */
class RoomBroadcastChurnTest {

    private static final int STEADY = 12;
    private static final int CHURNING = 12;
    private static final int BROADCASTERS = 3;
    private static final int MESSAGES = 600;

    /** Records the small unmasked text frames it is given; completes every write at once. */
    private static final class RecordingTransport extends WriteOnlyTransport {
        final List<String> received = new ArrayList<>();

        @Override
        public synchronized void write(ByteBuffer[] buffers, WriteCallback callback) {
            RoomMembers.texts(buffers, received::add);
            callback.completed();
        }
    }

    @Test
    @DisplayName("broadcasts while members leave and rejoin: each counted frame once, none extra, in each sender's order")
    @Timeout(120)
    void churnKeepsEveryCountedFrameOnceAndInOrder() throws Exception {
        WharfServerContainer container = new WharfServerContainer(new ContainerDefaults(), 4);
        SessionServices services = container.services();
        List<RecordingTransport> transports = new ArrayList<>();
        for (int i = 0; i < STEADY + CHURNING; i++) {
            transports.add(new RecordingTransport());
        }
        ExecutorService threads = Executors.newFixedThreadPool(BROADCASTERS + 2);
        try {
            List<WebSocketSession> members = RoomMembers.joined(container, transports, "room");
            Rooms rooms = Rooms.of(container);
            AtomicLong counted = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch broadcastsDone = new CountDownLatch(BROADCASTERS);
            List<Future<?>> done = new ArrayList<>();
            for (int b = 0; b < BROADCASTERS; b++) {
                int sender = b;
                done.add(threads.submit(() -> {
                    go.await();
                    try {
                        for (int seq = 0; seq < MESSAGES; seq++) {
                            counted.addAndGet(rooms.broadcast("room", "b" + sender + ":" + seq));
                        }
                    } finally {
                        broadcastsDone.countDown();
                    }
                    return null;
                }));
            }
            for (int c = 0; c < 2; c++) {
                int half = c;
                done.add(threads.submit(() -> {
                    go.await();
                    for (int round = 0; broadcastsDone.getCount() > 0; round++) {
                        WebSocketSession member = members.get(STEADY + half + 2 * (round % (CHURNING / 2)));
                        rooms.leave(member, "room");
                        rooms.join(member, "room");
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            // every fan-out has returned; a combiner still writing finishes on its own thread: wait for the total
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long received;
            while ((received = received(transports)) < counted.get() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(counted.get(), received, "every counted frame arrived, and no other");
            for (int i = 0; i < members.size(); i++) {
                RecordingTransport t = transports.get(i);
                synchronized (t) {
                    assertInOrder(t.received, i < STEADY);
                }
            }
        } finally {
            threads.shutdownNow();
            services.shutdown("test over", 1000);
        }
    }

    private static long received(List<RecordingTransport> transports) {
        long n = 0;
        for (RecordingTransport t : transports) {
            synchronized (t) {
                n += t.received.size();
            }
        }
        return n;
    }

    /** Each sender's frames at most once and in increasing order; a steady member gets all of them. */
    private static void assertInOrder(List<String> received, boolean steady) {
        Map<String, AtomicLong> last = new HashMap<>();
        for (String message : received) {
            String[] parts = message.split(":");
            long seq = Long.parseLong(parts[1]);
            long previous = last.computeIfAbsent(parts[0], k -> new AtomicLong(-1)).getAndSet(seq);
            assertTrue(seq > previous, "in order and once from " + parts[0] + ": " + seq + " after " + previous);
        }
        if (steady) {
            assertEquals(BROADCASTERS * MESSAGES, received.size(), "a member that never left gets every broadcast");
        }
    }
}
