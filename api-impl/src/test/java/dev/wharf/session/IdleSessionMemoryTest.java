package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an open, idle session costs in heap, Wharf's part alone: sessions over one shared do-nothing transport (a
 * host's own connection objects are the host's), each opened, with a text handler, then left alone. The figure is
 * the live heap after full collections, divided by the sessions.
 */
class IdleSessionMemoryTest {

    private static final int SESSIONS = 4_000;
    /**
     * Measured 1.9 KiB on JDK 17 (issue #20, December 2026; 2.0 KiB before its cuts), every part of the session and its armed idle check
     * included; the bound leaves room for the JVM's noise and a field or two, not for a buffer.
     */
    private static final long BOUND_BYTES = 2_560;

    @Test
    @DisplayName("issue #20 / DESIGN principle 3: an idle session holds no buffers, under 2.5 KiB of heap in all")
    void idleSessionHoldsLittleHeap() throws Exception {
        SessionServices services = new SessionServices(null, new ContainerDefaults(), "idle-heap", 8);
        List<WebSocketSession> sessions = new ArrayList<>(SESSIONS);
        try {
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Endpoint.class, "/idle").build();
            SessionGroup group = new SessionGroup();
            EngineConfig engineConfig = EngineConfig.builder(Role.SERVER).repliesToClose(false).build();
            CountDownLatch opened = new CountDownLatch(SESSIONS);
            Endpoint endpoint = new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig c) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> { });
                    opened.countDown();
                }
            };
            long before = usedAfterGc();
            for (int i = 0; i < SESSIONS; i++) {
                Map<String, Object> userProperties = new HashMap<>(config.getUserProperties());
                SessionInfo info = new SessionInfo("ws://localhost/idle?n=" + i, "n=" + i, Map.of(), Map.of(), null,
                        "", List.of(), false, userProperties);
                WebSocketSession session = new WebSocketSession(services, group, endpoint, config, info,
                        NOTHING_TO_WRITE, engineConfig, getClass().getClassLoader());
                session.open();
                sessions.add(session);
            }
            assertTrue(opened.await(30, TimeUnit.SECONDS), "every onOpen ran");
            long perSession = (usedAfterGc() - before) / SESSIONS;
            System.out.printf("idle session heap: %d bytes per session (%d sessions)%n", perSession, SESSIONS);
            assertTrue(perSession < BOUND_BYTES, perSession + " bytes of heap per idle session");
        } finally {
            services.shutdown("test over", 5000);
        }
    }

    /** Live heap after full collections: the least of several, as a collection may meet a reference not yet freed. */
    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            memory.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** One transport shared by every session: writes complete at once, reading needs no state. */
    private static final Transport NOTHING_TO_WRITE = new WriteOnlyTransport() {
        @Override
        public void write(ByteBuffer[] buffers, WriteCallback callback) {
            callback.completed();
        }
    };
}
