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
 * Issue #16: concurrent room broadcasts whose writes are combined (one fan-out writes what the others queued) over
 * real sessions: every member gets every frame once, in each sender's order, and a session's own sends outside the
 * room stay in order with the room's frames. Some writes complete later on another thread, as a slow socket's do.
 */
class RoomBroadcastOrderTest {

    private static final int MEMBERS = 40;
    private static final int BROADCASTERS = 4;
    private static final int MESSAGES = 400;

    /** Parses the unmasked server frames it is given (small text frames only) and counts writes. */
    private static final class ParsingTransport extends WriteOnlyTransport {
        private final ExecutorService later;
        private final CountDownLatch framesLeft;
        final List<String> received = new ArrayList<>();
        long writes;

        ParsingTransport(ExecutorService later, CountDownLatch framesLeft) {
            this.later = later;
            this.framesLeft = framesLeft;
        }

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            boolean completeLater;
            synchronized (this) {
                RoomMembers.texts(buffers, text -> {
                    received.add(text);
                    framesLeft.countDown();
                });
                completeLater = ++writes % 5 == 0;
            }
            if (completeLater) {
                later.execute(callback::completed); // the next write of this queue waits for this thread
            } else {
                callback.completed();
            }
        }
    }

    @Test
    @DisplayName("combined fan-out writes: every member gets every frame once, in each sender's order,"
            + " and direct sends stay in order with room frames")
    @Timeout(120)
    void combinedWritesKeepEveryFrameAndItsOrder() throws Exception {
        WharfServerContainer container = new WharfServerContainer(new ContainerDefaults(), 4);
        SessionServices services = container.services();
        ExecutorService later = Executors.newFixedThreadPool(2);
        // Every member gets every broadcast; member 0 also gets broadcaster 0's direct message after each broadcast.
        CountDownLatch framesLeft = new CountDownLatch(MEMBERS * BROADCASTERS * MESSAGES + MESSAGES);
        List<ParsingTransport> transports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            transports.add(new ParsingTransport(later, framesLeft));
        }
        ExecutorService broadcasters = Executors.newFixedThreadPool(BROADCASTERS);
        try {
            List<WebSocketSession> members = RoomMembers.joined(container, transports, "room");
            Rooms rooms = Rooms.of(container);

            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int b = 0; b < BROADCASTERS; b++) {
                int sender = b;
                done.add(broadcasters.submit(() -> {
                    go.await();
                    for (int seq = 0; seq < MESSAGES; seq++) {
                        assertEquals(MEMBERS, rooms.broadcast("room", "b" + sender + ":" + seq));
                        if (sender == 0) {
                            members.get(0).getAsyncRemote().sendText("d0:" + seq); // outside the room
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(framesLeft.await(30, TimeUnit.SECONDS), framesLeft.getCount() + " frames never written");

            long writes = 0;
            for (int i = 0; i < MEMBERS; i++) {
                ParsingTransport t = transports.get(i);
                synchronized (t) {
                    assertInOrder(t.received, i == 0);
                    writes += t.writes;
                }
            }
            System.out.printf("RoomBroadcastOrderTest: %.3f writes per delivery%n",
                    (double) writes / (MEMBERS * BROADCASTERS * MESSAGES + MESSAGES));
        } finally {
            broadcasters.shutdownNow();
            services.shutdown("test over", 1000);
            later.shutdown();
        }
    }

    /** Each sender's messages once and in order; on member 0, each "d0:n" right after "b0:n"'s turn came. */
    private static void assertInOrder(List<String> received, boolean getsDirect) {
        Map<String, AtomicLong> next = new HashMap<>();
        for (String message : received) {
            String[] parts = message.split(":");
            long expected = next.computeIfAbsent(parts[0], k -> new AtomicLong()).getAndIncrement();
            assertEquals(expected, Long.parseLong(parts[1]), "in order from " + parts[0] + ": " + message);
            if (parts[0].equals("d0")) {
                assertEquals(expected + 1, next.get("b0").get(), "d0:" + expected + " after b0:" + expected
                        + " and before b0:" + (expected + 1));
            }
        }
        for (int b = 0; b < BROADCASTERS; b++) {
            assertEquals(MESSAGES, next.get("b" + b).get(), "every broadcast of b" + b);
        }
        assertEquals(getsDirect ? MESSAGES : 0, next.containsKey("d0") ? next.get("d0").get() : 0, "direct sends");
    }
}
