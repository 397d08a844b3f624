package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import dev.wharf.rooms.Rooms;
import dev.wharf.server.WharfServerContainer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Server sessions at {@code ws://localhost/room} over a test's own transport, for broadcast tests to fan out to. */
final class RoomMembers {

    private RoomMembers() {
    }

    /** Opens a member whose endpoint only counts {@code opened} down in {@code onOpen}. */
    static WebSocketSession open(SessionServices services, Transport transport, CountDownLatch opened) {
        SessionInfo info = new SessionInfo("ws://localhost/room", null, Map.of(), Map.of(), null, "",
                List.of(), false, new ConcurrentHashMap<>());
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                opened.countDown();
            }
        };
        WebSocketSession session = new WebSocketSession(services, new SessionGroup(), endpoint,
                ServerEndpointConfig.Builder.create(Endpoint.class, "/room").build(), info, transport,
                EngineConfig.builder(Role.SERVER).repliesToClose(false).build(), RoomMembers.class.getClassLoader());
        session.open();
        return session;
    }

    /** Opens a member over {@code transport} and waits until its {@code onOpen} ran. */
    static WebSocketSession openOne(SessionServices services, Transport transport) throws InterruptedException {
        CountDownLatch opened = new CountDownLatch(1);
        WebSocketSession session = open(services, transport, opened);
        assertTrue(opened.await(10, TimeUnit.SECONDS), "opened");
        return session;
    }

    /** Opens a member over each of {@code transports}, waits until every one opened, and joins them all to {@code room}. */
    static List<WebSocketSession> joined(WharfServerContainer container, List<? extends Transport> transports,
            String room) throws InterruptedException {
        CountDownLatch opened = new CountDownLatch(transports.size());
        List<WebSocketSession> members = new ArrayList<>();
        for (Transport transport : transports) {
            members.add(open(container.services(), transport, opened));
        }
        assertTrue(opened.await(30, TimeUnit.SECONDS), "every member opened");
        Rooms rooms = Rooms.of(container);
        for (WebSocketSession member : members) {
            rooms.join(member, room);
        }
        return members;
    }

    /**
     * The texts of the small unmasked frames one write carries (a frame's header and payload may lie in different
     * buffers), in order, each consumed; a close frame (the container's shutdown at a test's end) is skipped.
     */
    static void texts(ByteBuffer[] buffers, Consumer<String> text) {
        int size = 0;
        for (ByteBuffer b : buffers) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : buffers) {
            all.put(b);
        }
        all.flip();
        while (all.hasRemaining()) {
            int first = all.get() & 0xFF;
            int length = all.get();
            assertTrue(length >= 0 && length < 126, "a small unmasked frame");
            byte[] payload = new byte[length];
            all.get(payload);
            if (first != 0x88) {
                assertEquals(0x81, first, "a whole, final text frame");
                text.accept(new String(payload, StandardCharsets.US_ASCII));
            }
        }
    }
}
