package dev.wharf.rooms;

import dev.wharf.session.InboundTap;
import dev.wharf.session.SessionPort;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * What the rooms package sees of every session's inbound events, on the reading thread: auto-responses, keep-alive
 * pongs, and the room a session's path names when it opens. Installed by the first use of any of them, so that a
 * container that uses none pays nothing per message.
 */
final class RoomsTap implements InboundTap {

    private static final RoomsTap TAP = new RoomsTap();

    private RoomsTap() {
    }

    static void install() {
        SessionPort.install(TAP);
    }

    @Override
    public boolean text(Session session, String text) {
        return AutoResponse.answerText(session, text);
    }

    @Override
    public boolean binary(Session session, ByteBuffer data) {
        return AutoResponse.answerBinary(session, data);
    }

    @Override
    public void pong(Session session, ByteBuffer payload) {
        KeepAlive.pong(session, payload);
    }

    @Override
    public boolean opensWithWork(Session session, EndpointConfig config) {
        return PathRooms.keyOf(config) != null || KeepAlive.hasDefault(session.getContainer());
    }

    @Override
    public void opening(Session session) {
        String room = PathRooms.roomOf(session, SessionPort.endpointConfig(session));
        if (room != null) {
            Rooms.of(session).join(session, room);
        }
        KeepAlive.opening(session);
    }
}
