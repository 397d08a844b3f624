package dev.wharf.session;

import jakarta.websocket.EndpointConfig;
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

    /**
     * Whether {@link #opening} has anything to do for this session. If not, it is not called, and an open that runs
     * no application code either runs in place on the opening thread: one endpoint's use of rooms or keep-alive must
     * not send every other endpoint's opens through the callback pool.
     */
    boolean opensWithWork(Session session, EndpointConfig config);

    /** The session is about to run {@code onOpen} (server sessions and client sessions alike). */
    void opening(Session session);
}
