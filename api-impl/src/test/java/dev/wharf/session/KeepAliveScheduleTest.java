package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.KeepAlive;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive pings on the timer the session's transport offers (as Undertow's transport offers its I/O thread's), on a
 * clock the test moves: one ping per interval however often the setting is replaced, none once it is off, and a
 * close with 1001 when no pong comes within the timeout.
 */
class KeepAliveScheduleTest {

    private static final int PING = 0x9;
    private static final int CLOSE = 0x8;

    /** Writes at once and keeps each server frame's opcode and payload; its deadlines run on {@link #timer}. */
    private static final class TimedTransport extends WriteOnlyTransport {
        final ManualTimer timer = new ManualTimer();
        private final List<int[]> frames = new ArrayList<>(); // {opcode, close code or -1}

        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (ByteBuffer b : buffers) {
                ByteBuffer copy = b.duplicate();
                while (copy.hasRemaining()) {
                    bytes.write(copy.get());
                }
            }
            record(bytes.toByteArray());
            callback.completed();
        }

        /** Server frames are unmasked; control frames and these tests' frames have payloads under 126 bytes. */
        private synchronized void record(byte[] wire) {
            int at = 0;
            while (at < wire.length) {
                int opcode = wire[at] & 0x0F;
                int length = wire[at + 1] & 0x7F;
                assertTrue(length < 126, "a short frame");
                int code = opcode == CLOSE && length >= 2 ? ((wire[at + 2] & 0xFF) << 8) | (wire[at + 3] & 0xFF) : -1;
                frames.add(new int[] {opcode, code});
                at += 2 + length;
            }
        }

        synchronized long count(int opcode) {
            return frames.stream().filter(f -> f[0] == opcode).count();
        }

        synchronized int closeCode() {
            return frames.stream().filter(f -> f[0] == CLOSE).mapToInt(f -> f[1]).findFirst().orElse(-1);
        }

        @Override
        public DeadlineTimer deadlineTimer() {
            return timer;
        }
    }

    private SessionServices services;

    @BeforeEach
    void start() {
        services = new SessionServices(null, new ContainerDefaults(), "keep-alive-test", 2);
    }

    @AfterEach
    void stop() {
        services.shutdown("test over", 1000);
    }

    @Test
    @DisplayName("[RFC 6455 §5.5.2] one ping per interval on the transport's timer, though the setting was applied"
            + " three times")
    void onePingPerInterval() throws Exception {
        TimedTransport transport = new TimedTransport();
        WebSocketSession session = RoomMembers.openOne(services, transport);
        for (int i = 0; i < 3; i++) {
            KeepAlive.set(session, Duration.ofMillis(100), Duration.ofSeconds(10));
        }
        transport.timer.advance(950);
        assertEquals(9, transport.count(PING), "pings at 100, 200 … 900 ms");
        assertTrue(session.isOpen());
    }

    @Test
    @DisplayName("keep-alive turned off (ZERO) sends no more pings, closes nothing for pongs of earlier pings, and"
            + " leaves nothing on the timer but the idle check")
    void offStopsPings() throws Exception {
        TimedTransport transport = new TimedTransport();
        WebSocketSession session = RoomMembers.openOne(services, transport);
        KeepAlive.set(session, Duration.ofMillis(100), Duration.ofSeconds(10));
        transport.timer.advance(250);
        assertEquals(2, transport.count(PING));
        KeepAlive.set(session, Duration.ZERO, Duration.ZERO);
        // Past the two pings' pong checks (the pongs are late, not missing) and the send stall watch (30 s).
        transport.timer.advance(40_000);
        assertEquals(2, transport.count(PING), "no ping after keep-alive was turned off");
        assertEquals(-1, transport.closeCode(), "no close for pongs that keep-alive no longer waits for");
        assertEquals(1, transport.timer.pending(), "only the idle check (300 s) is left on the timer");
        assertTrue(session.isOpen());
    }

    @Test
    @DisplayName("[RFC 6455 §5.5.2] no pong within the timeout: the session closes with 1001 on the transport's timer")
    void noPongCloses() throws Exception {
        TimedTransport transport = new TimedTransport();
        WebSocketSession session = RoomMembers.openOne(services, transport);
        KeepAlive.set(session, Duration.ofMillis(100), Duration.ofMillis(300));
        transport.timer.advance(399);
        assertEquals(-1, transport.closeCode(), "the first ping's pong is due at 400 ms");
        transport.timer.advance(1);
        assertEquals(1001, transport.closeCode(), "RFC 6455 §7.4.1: going away");
    }
}
