package dev.wharf.bench.server;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * Sends every whole text or binary message back through the session's <em>async</em> remote and returns at once:
 * the slow-readers scenario's second half (issue #19: "blocking and async"), where what a peer that does not read
 * costs is queued bytes, not a waiting thread. The same class is deployed on every contender.
 *
 * <p>A binary message is copied before it is sent: a container may reuse the buffer it delivered once the method
 * returns (Tomcat does), while the send completes later. A send the container refuses at once (Tomcat's async
 * remote throws {@link IllegalStateException} while an earlier send of the session is still in progress; Wharf and
 * Jetty queue it) drops that one echo: the peer does not read anyway, and the endpoint must not throw, or the
 * container would close the session for an endpoint error rather than for its slow peer.
 */
@ServerEndpoint("/echo-async")
public class AsyncEchoEndpoint {

    /** As {@link EchoEndpoint}: the same message limits on every contender. */
    @OnOpen
    public void open(Session session) {
        session.setMaxBinaryMessageBufferSize(EchoEndpoint.MAX_MESSAGE);
        session.setMaxTextMessageBufferSize(EchoEndpoint.MAX_MESSAGE);
    }

    @OnMessage
    public void text(String message, Session session) {
        try {
            session.getAsyncRemote().sendText(message, IGNORE);
        } catch (IllegalStateException busy) {
            // dropped: see the class comment
        }
    }

    @OnMessage
    public void binary(ByteBuffer message, Session session) {
        ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message).flip();
        try {
            session.getAsyncRemote().sendBinary(copy, IGNORE);
        } catch (IllegalStateException busy) {
            // dropped: see the class comment
        }
    }

    /**
     * A failed send needs nothing from the endpoint: each container closes (or not) the session of a send that
     * timed out or was refused by its own rules, which is what the scenario measures.
     */
    private static final SendHandler IGNORE = result -> { };
}
