package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reader and InputStream handlers read a message while it arrives, not after it was assembled whole. */
class StreamingReceiveTest {

    private MemoryPeer peer;

    private MemoryPeer open(ContainerDefaults defaults, Function<BlockingQueue<String>, Endpoint> endpoint)
            throws InterruptedException {
        peer = new MemoryPeer(defaults, endpoint);
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        return peer;
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    /** An endpoint whose Reader handler reports each read and the whole text, and whose lifecycle is recorded. */
    private static Endpoint readerEndpoint(BlockingQueue<String> events, CountDownLatch mayRead) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(Reader.class, (MessageHandler.Whole<Reader>) reader -> {
                    events.add("start");
                    StringBuilder all = new StringBuilder();
                    char[] buf = new char[4096];
                    try {
                        mayRead.await();
                        for (int n; (n = reader.read(buf)) >= 0; ) {
                            all.append(buf, 0, n);
                            events.add("read:" + n);
                        }
                        events.add("message:" + (all.length() > 20 ? all.length() + " chars" : all));
                    } catch (IOException e) {
                        events.add("read failed:" + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close:" + reason.getCloseCode().getCode() + ":" + reason.getReasonPhrase());
            }

            @Override
            public void onError(Session session, Throwable error) {
                events.add("error:" + error);
            }
        };
    }

    private static final CountDownLatch OPEN = new CountDownLatch(0);

    @Test
    @DisplayName("a Reader handler reads the first fragment before the last one has arrived")
    void readerSeesPartsAsTheyArrive() throws Exception {
        MemoryPeer p = open(new ContainerDefaults(), events -> readerEndpoint(events, OPEN));
        p.clientSends(p.client().encodeText("Hel", false));
        assertEquals("start", p.next(p.endpointEvents));
        assertEquals("read:3", p.next(p.endpointEvents), "the first part is readable while the rest is on its way");
        p.clientSends(p.client().encodeText("lo", true));
        assertEquals("read:2", p.next(p.endpointEvents));
        assertEquals("message:Hello", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("[WSC-5.1-2] messages behind a streamed one wait until its handler returned")
    void oneHandlerAtATime() throws Exception {
        CountDownLatch mayRead = new CountDownLatch(1);
        MemoryPeer p = open(new ContainerDefaults(), events -> readerEndpoint(events, mayRead));
        p.clientSends(p.client().encodeText("first", true));
        p.clientSends(p.client().encodeText("second", true));
        assertEquals("start", p.next(p.endpointEvents));
        mayRead.countDown();
        assertEquals("read:5", p.next(p.endpointEvents));
        assertEquals("message:first", p.next(p.endpointEvents));
        assertEquals("start", p.next(p.endpointEvents), "the second starts only after the first returned");
        assertEquals("read:6", p.next(p.endpointEvents));
        assertEquals("message:second", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("a peer closing in the middle of a streamed message fails the read; onClose follows")
    void closeMidMessageFailsTheRead() throws Exception {
        MemoryPeer p = open(new ContainerDefaults(), events -> readerEndpoint(events, OPEN));
        p.clientSends(p.client().encodeText("part", false));
        assertEquals("start", p.next(p.endpointEvents));
        assertEquals("read:4", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeClose(1000, "gone"));
        String failed = p.next(p.endpointEvents);
        assertTrue(failed.startsWith("read failed:"), failed);
        assertEquals("close:1000:gone", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("a streamed message past the size limit closes with 1009 and fails the read")
    void streamedMessageKeepsTheSizeLimit() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxTextMessageBufferSize(10);
        MemoryPeer p = open(defaults, events -> readerEndpoint(events, OPEN));
        p.clientSends(p.client().encodeText("12345678", false));
        assertEquals("start", p.next(p.endpointEvents));
        assertEquals("read:8", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeText("90abc", true));
        String failed = p.next(p.endpointEvents);
        assertTrue(failed.startsWith("read failed:"), failed);
        assertTrue(p.next(p.endpointEvents).startsWith("close:1009:text message larger than 10"));
        assertTrue(p.next(p.received).startsWith("close:1009:"));
    }

    @Test
    @DisplayName("a handler that does not read pauses the connection: bounded memory, then it resumes")
    void unreadStreamSuspendsReading() throws Exception {
        CountDownLatch mayRead = new CountDownLatch(1);
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxBinaryMessageBufferSize(64 * 1024 * 1024);
        MemoryPeer p = open(defaults, events -> new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(InputStream.class, (MessageHandler.Whole<InputStream>) in -> {
                    try {
                        mayRead.await();
                        long total = 0;
                        byte[] buf = new byte[64 * 1024];
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            total += n;
                        }
                        events.add("bytes:" + total);
                    } catch (IOException | InterruptedException e) {
                        events.add("failed:" + e);
                    }
                });
                events.add("open");
            }
        });
        byte[] chunk = new byte[256 * 1024];
        int parts = 24; // 6 MiB, past the 4 MiB high-water mark
        for (int i = 0; i < parts; i++) {
            p.clientSends(p.client().encodeBinary(ByteBuffer.wrap(chunk), i == parts - 1));
        }
        assertTrue(p.suspends.get() > 0, "reading is paused while the handler reads nothing");
        int resumesBefore = p.resumes.get();
        mayRead.countDown();
        assertEquals("bytes:" + (long) parts * chunk.length, p.next(p.endpointEvents));
        assertTrue(p.resumes.get() > resumesBefore, "reading resumes once the handler caught up");
    }
}
