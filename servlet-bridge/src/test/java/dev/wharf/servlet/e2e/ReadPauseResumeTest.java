package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.SharedHosts;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;

/**
 * Reading paused and resumed thousands of times a second on every host and transport, several sessions at once: a
 * resume lost against the pause it follows (issue #20: a 6 MiB streamed message stalled once on Tomcat's native
 * transport) leaves a session that never reads again, which shows here as a reply that never comes.
 *
 * <p>The container's inbound budget is one byte, so every received message pauses its session's reader as soon as
 * it waits for the endpoint, and the endpoint taking it resumes the reader: one pause and one resume per message,
 * raced by the reader (pausing for the next message) and the endpoint's thread (resuming for the last).
 */
@Tag("e2e")
class ReadPauseResumeTest extends SharedHosts {

    private static final int SESSIONS = 4;
    private static final int ROUNDS = 8;
    private static final int MESSAGES = 1_500;
    private static final int FRAGMENTS = 400;
    private static final int FRAGMENT = 2 * 1024;
    private static final AtomicInteger APPS = new AtomicInteger();

    @ServerEndpoint("/pause/count")
    public static class Counter {
        private int count;

        @OnMessage
        public String text(String message) {
            if (!message.equals("end")) {
                count++;
                return null;
            }
            String reply = "count:" + count;
            count = 0;
            return reply;
        }
    }

    @ServerEndpoint("/pause/stream")
    public static class StreamCounter {
        @OnMessage(maxMessageSize = 16 * 1024 * 1024)
        public String bytes(InputStream in) throws IOException {
            byte[] buffer = new byte[1024];
            long n = 0;
            for (int r; (r = in.read(buffer)) >= 0; ) {
                n += r;
            }
            return "bytes:" + n;
        }
    }

    @Override
    protected List<Host> candidates() {
        return E2eApp.hosts();
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/pause" + APPS.incrementAndGet())
                .initializer(E2eApp.initializer(), Set.of(Counter.class, StreamCounter.class))
                .initParam("dev.wharf.maxInboundBytesTotal", "1")
                .build();
    }

    @HostTest
    void everyMessageArrivesThoughEachOnePausesTheReader(Host host) throws Exception {
        byte[] batch = batchOfTexts(MESSAGES);
        byte[] end = frame(true, RawWebSocket.TEXT, "end".getBytes(StandardCharsets.US_ASCII));
        inParallel(() -> {
            try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/pause/count"))) {
                for (int round = 0; round < ROUNDS; round++) {
                    ws.sendBytes(batch); // one write: the server reads many messages per read
                    ws.sendBytes(end);
                    assertEquals("count:" + MESSAGES, text(ws.readFrame()), "round " + round);
                }
                ws.sendClose(1000, "");
                ws.readUntilClose();
            }
            return null;
        });
    }

    @HostTest
    void aStreamedMessageArrivesWholeThoughEachFragmentPausesTheReader(Host host) throws Exception {
        byte[] message = fragmentedBinary(FRAGMENTS, FRAGMENT);
        inParallel(() -> {
            try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/pause/stream"))) {
                for (int round = 0; round < ROUNDS / 2; round++) {
                    ws.sendBytes(message);
                    assertEquals("bytes:" + (long) FRAGMENTS * FRAGMENT, text(ws.readFrame()), "round " + round);
                }
                ws.sendClose(1000, "");
                ws.readUntilClose();
            }
            return null;
        });
    }

    /** Runs {@code session} on {@link #SESSIONS} connections at once; any failure (a 10 s silence) fails the test. */
    private static void inParallel(java.util.concurrent.Callable<Void> session) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            List<Future<Void>> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(pool.submit(session));
            }
            for (Future<Void> f : sessions) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String text(RawWebSocket.Frame frame) {
        if (frame.opcode() == RawWebSocket.CLOSE) {
            throw new AssertionError("closed by the server: " + frame.closeCode() + " " + frame.closeReason());
        }
        assertEquals(RawWebSocket.TEXT, frame.opcode(), "a text reply");
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    private static byte[] batchOfTexts(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(frame(true, RawWebSocket.TEXT, ("m" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        return out.toByteArray();
    }

    private static byte[] fragmentedBinary(int fragments, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fragments; i++) {
            int opcode = i == 0 ? RawWebSocket.BINARY : RawWebSocket.CONTINUATION;
            out.writeBytes(frame(i == fragments - 1, opcode, new byte[size]));
        }
        return out.toByteArray();
    }

    /** A client frame masked with the all-zero key (legal, and the payload goes out as is). */
    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        out.writeBytes(new byte[4]);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
