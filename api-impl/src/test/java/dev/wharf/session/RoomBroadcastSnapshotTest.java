package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.Rooms;
import dev.wharf.server.WharfServerContainer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rooms' guarantees while the fan-out combiner is held in another room's write (a member whose transport blocks):
 * the room's members when a broadcast was made get it, also one that leaves before the combiner reaches it; one that
 * joined after it returned does not; and the broadcaster's own later send to a member comes after it. (Session 12
 * tried delivering broadcasts in the combiner only, which has to keep these by other means; see docs/BENCHMARKS.md.)
 */
class RoomBroadcastSnapshotTest {

    /** Records the text frames written; the first write blocks until {@link #release} when made blocking. */
    private static final class RecordingTransport extends WriteOnlyTransport {
        final List<String> received = new ArrayList<>();
        final CountDownLatch inWrite = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final boolean blocking;
        private final CountDownLatch arrived;

        RecordingTransport(boolean blocking, CountDownLatch arrived) {
            this.blocking = blocking;
            this.arrived = arrived;
        }

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            if (blocking && inWrite.getCount() > 0) {
                inWrite.countDown();
                try {
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            synchronized (this) {
                RoomMembers.texts(buffers, text -> {
                    received.add(text);
                    arrived.countDown();
                });
            }
            callback.completed();
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }
    }

    private WharfServerContainer container;
    private SessionServices services;
    private Rooms rooms;

    @BeforeEach
    void start() {
        container = new WharfServerContainer(new ContainerDefaults(), 2);
        services = container.services();
        rooms = Rooms.of(container);
    }

    @AfterEach
    void stop() {
        services.shutdown("test over", 1000);
    }

    @Test
    @DisplayName("members when the broadcast was made get it, though the combiner reaches them after one left and"
            + " another joined; the joiner does not; the broadcaster's later send comes after it")
    @Timeout(30)
    void snapshotAndOwnSendOrderWithBusyCombiner() throws Exception {
        CountDownLatch arrived = new CountDownLatch(6); // hold; m1 x2 + direct; m2 x2 (stayer, joiner)
        RecordingTransport blocker = new RecordingTransport(true, arrived);
        RecordingTransport stayer = new RecordingTransport(false, arrived);
        RecordingTransport leaver = new RecordingTransport(false, arrived);
        RecordingTransport joiner = new RecordingTransport(false, arrived);
        WebSocketSession blockerSession = RoomMembers.openOne(services, blocker);
        WebSocketSession stayerSession = RoomMembers.openOne(services, stayer);
        WebSocketSession leaverSession = RoomMembers.openOne(services, leaver);
        WebSocketSession joinerSession = RoomMembers.openOne(services, joiner);
        rooms.join(blockerSession, "hold");
        rooms.join(stayerSession, "r");
        rooms.join(leaverSession, "r");

        Thread combiner = new Thread(() -> rooms.broadcast("hold", "h"));
        combiner.start();
        assertTrue(blocker.inWrite.await(10, TimeUnit.SECONDS), "the combiner is held in the blocker's write");

        assertEquals(2, rooms.broadcast("r", "m1"), "for the two members now; returns with the combiner busy");
        rooms.leave(leaverSession, "r");
        rooms.join(joinerSession, "r");
        assertEquals(List.of(), stayer.received(), "nothing delivered yet: the combiner is held");
        stayerSession.getAsyncRemote().sendText("direct"); // settles this thread's m1 first
        assertEquals(List.of("m1", "direct"), stayer.received(), "the broadcast before this thread's later send");

        blocker.release.countDown();
        combiner.join();
        assertEquals(2, rooms.broadcast("r", "m2"));
        assertTrue(arrived.await(10, TimeUnit.SECONDS), arrived.getCount() + " frames missing");
        assertEquals(List.of("m1", "direct", "m2"), stayer.received());
        assertEquals(List.of("m1"), leaver.received(), "left before m2");
        assertEquals(List.of("m2"), joiner.received(), "joined after m1 returned: m2 only");
        assertEquals(List.of("h"), blocker.received());
    }

    @Test
    @DisplayName("a member that leaves before the held combiner reaches it still gets the broadcast made before")
    @Timeout(30)
    void leaverGetsWhatWasMadeBeforeItLeft() throws Exception {
        CountDownLatch arrived = new CountDownLatch(2);
        RecordingTransport blocker = new RecordingTransport(true, arrived);
        RecordingTransport leaver = new RecordingTransport(false, arrived);
        WebSocketSession blockerSession = RoomMembers.openOne(services, blocker);
        WebSocketSession leaverSession = RoomMembers.openOne(services, leaver);
        rooms.join(blockerSession, "hold");
        rooms.join(leaverSession, "r");
        Thread combiner = new Thread(() -> rooms.broadcast("hold", "h"));
        combiner.start();
        assertTrue(blocker.inWrite.await(10, TimeUnit.SECONDS));
        assertEquals(1, rooms.broadcast("r", "m1"));
        rooms.leaveAll(leaverSession);
        blocker.release.countDown(); // the combiner delivers m1 (no send of this thread settles it)
        combiner.join();
        assertTrue(arrived.await(10, TimeUnit.SECONDS), arrived.getCount() + " frames missing");
        assertEquals(List.of("m1"), leaver.received());
    }
}
