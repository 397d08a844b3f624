package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.AnnotatedEndpointModel;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import dev.wharf.rooms.KeepAlive;
import dev.wharf.server.WharfServerContainer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where a session opens on a transport whose thread must not run callbacks (Undertow's upgrade thread): an open
 * that runs no application code runs on the opening thread, no pool thread woken; any other on the pool.
 */
class OpenInPlaceTest {

    /** Threads of the endpoints' calls, in order: "open" or "message:<text>", then the thread. */
    static final BlockingQueue<Object> CALLS = new ArrayBlockingQueue<>(16);

    @ServerEndpoint("/no-open")
    public static class WithoutOnOpen {
        @OnMessage
        public void text(String text) {
            CALLS.add("message:" + text);
            CALLS.add(Thread.currentThread());
        }
    }

    @ServerEndpoint("/open")
    public static class WithOnOpen {
        @OnOpen
        public void open(Session session) {
            CALLS.add("open");
            CALLS.add(Thread.currentThread());
        }
    }

    private final SessionServices services = new SessionServices(null, new ContainerDefaults(), "open-test", 4);
    /** The thread that let the transport read: the last step of the open. */
    private final BlockingQueue<Thread> resumedBy = new ArrayBlockingQueue<>(4);
    /** The threads that wrote, one entry per write. */
    private final BlockingQueue<Thread> writtenBy = new ArrayBlockingQueue<>(16);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @AfterEach
    void stop() {
        services.shutdown("test over", 1000);
        CALLS.clear();
    }

    @Test
    @DisplayName("an annotated endpoint without @OnOpen opens on the opening thread, handlers registered on return")
    void openWithoutApplicationCodeRunsOnTheOpeningThread() throws Exception {
        WebSocketSession session = session(WithoutOnOpen.class, new WithoutOnOpen());
        session.open();
        assertSame(Thread.currentThread(), resumedBy.poll(), "reading resumed before open() returned, right here");
        assertEquals(1, session.getMessageHandlers().size());
    }

    @Test
    @DisplayName("so it does once rooms' tap is installed in the JVM (keep-alive used elsewhere), as it has nothing to"
            + " do for this session: no room in its path, no keep-alive default for its container")
    void openStaysInPlaceWithRoomsTapInstalled() throws Exception {
        WharfServerContainer elsewhere = new WharfServerContainer(new ContainerDefaults(), 1);
        KeepAlive.setDefault(elsewhere, Duration.ofSeconds(30), Duration.ofSeconds(30)); // installs the tap
        assertNotNull(SessionPort.tap());
        elsewhere.services().shutdown("not used", 1000);
        WebSocketSession session = session(WithoutOnOpen.class, new WithoutOnOpen());
        session.open();
        assertSame(Thread.currentThread(), resumedBy.poll(), "reading resumed before open() returned, right here");
        assertEquals(1, session.getMessageHandlers().size());
    }

    @Test
    @DisplayName("a message that arrived before such an open is delivered on a pool thread, not the opening one")
    void earlyMessagesStillGoToThePool() throws Exception {
        WebSocketSession session = session(WithoutOnOpen.class, new WithoutOnOpen());
        session.onBytes(maskedText("early"));
        session.open();
        assertSame(Thread.currentThread(), resumedBy.poll(5, TimeUnit.SECONDS));
        assertEquals("message:early", CALLS.poll(5, TimeUnit.SECONDS));
        Object thread = CALLS.poll(5, TimeUnit.SECONDS);
        assertTrue(thread instanceof Thread);
        assertNotSame(Thread.currentThread(), thread);
    }

    @Test
    @DisplayName("a close that arrived before such an open is answered on the opening thread, no pool thread woken")
    void earlyCloseIsAnsweredOnTheOpeningThread() throws Exception {
        WebSocketSession session = session(WithoutOnOpen.class, new WithoutOnOpen());
        session.onBytes(maskedClose());
        session.open();
        assertSame(Thread.currentThread(), writtenBy.poll(), "the close reply was written before open() returned");
        assertTrue(closed.get(), "and the connection closed");
    }

    @Test
    @DisplayName("an @OnOpen method (application code, may block) runs on a pool thread, as before")
    void onOpenMethodRunsOnThePool() throws Exception {
        WebSocketSession session = session(WithOnOpen.class, new WithOnOpen());
        session.open();
        assertEquals("open", CALLS.poll(5, TimeUnit.SECONDS));
        Object thread = CALLS.poll(5, TimeUnit.SECONDS);
        assertTrue(thread instanceof Thread);
        assertNotSame(Thread.currentThread(), thread);
        assertNotSame(Thread.currentThread(), resumedBy.poll(5, TimeUnit.SECONDS));
    }

    private WebSocketSession session(Class<?> type, Object instance) throws Exception {
        AnnotatedEndpoint endpoint = new AnnotatedEndpoint(AnnotatedEndpointModel.of(type), instance);
        SessionInfo info = new SessionInfo("ws://localhost/x", null, Map.of(), Map.of(), null, "", List.of(), false,
                new ConcurrentHashMap<>());
        Transport transport = new WriteOnlyTransport() {
            @Override
            public void write(ByteBuffer[] buffers, WriteCallback callback) {
                writtenBy.add(Thread.currentThread());
                for (ByteBuffer buffer : buffers) {
                    buffer.position(buffer.limit());
                }
                callback.completed();
            }

            @Override
            public void resumeReading() {
                resumedBy.add(Thread.currentThread());
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        return new WebSocketSession(services, new SessionGroup(), endpoint,
                ServerEndpointConfig.Builder.create(type, "/x").build(), info, transport,
                EngineConfig.builder(Role.SERVER).repliesToClose(false).build(), getClass().getClassLoader());
    }

    /** A client's close frame with code 1000, masked with a zero key. */
    private static ByteBuffer maskedClose() {
        return ByteBuffer.wrap(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
    }

    /** A client's text frame, masked with a zero key (the payload reads as sent). */
    private static ByteBuffer maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
        frame.put((byte) 0x81).put((byte) (0x80 | payload.length)).putInt(0).put(payload);
        return frame.flip();
    }
}
