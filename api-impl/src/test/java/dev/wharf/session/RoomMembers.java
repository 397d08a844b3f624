package dev.wharf.session;

import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

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
}
