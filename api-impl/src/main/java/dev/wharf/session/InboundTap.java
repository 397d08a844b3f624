package dev.wharf.session;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * Sees whole inbound messages and pongs on the reading thread, before they are dispatched to the endpoint: where
 * auto-responses are answered and keep-alive pongs are matched. Must not block. Not user API: installed by
 * {@code dev.wharf.rooms} through {@link SessionPort#install}.
 */
public interface InboundTap {

    /** @return true if the message was taken (answered) and must not reach the endpoint */
    boolean text(Session session, String text);

    /** @return true if the message was taken; {@code data} must not be kept or changed */
    boolean binary(Session session, ByteBuffer data);

    /** A pong arrived; it still reaches the endpoint. {@code payload} must not be changed. */
    void pong(Session session, ByteBuffer payload);

    /** The session is about to run {@code onOpen} (server sessions and client sessions alike). */
    void opening(Session session);
}
