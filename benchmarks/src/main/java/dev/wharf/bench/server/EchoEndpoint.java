package dev.wharf.bench.server;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * Sends every whole text or binary message back, unchanged, through the return value (the container sends it with
 * the session's basic remote). The same class is deployed on every contender.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    /** Room for the 1 MiB large-message scenario on every contender (their defaults range from 8 KiB to 4 MiB). */
    public static final int MAX_MESSAGE = 4 << 20;

    @OnOpen
    public void open(Session session) {
        session.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
        session.setMaxTextMessageBufferSize(MAX_MESSAGE);
    }

    @OnMessage
    public String text(String message) {
        return message;
    }

    @OnMessage
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }
}
