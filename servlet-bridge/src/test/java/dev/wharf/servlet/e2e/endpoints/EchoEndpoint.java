package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Echoes whole text and binary messages up to 32 MiB; reports an unsolicited pong back as text. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    public static final int MAX = 32 * 1024 * 1024;

    @OnMessage(maxMessageSize = MAX)
    public String text(String message) {
        return message;
    }

    @OnMessage(maxMessageSize = MAX)
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }

    @OnMessage
    public void pong(PongMessage pong, Session session) throws IOException {
        ByteBuffer data = pong.getApplicationData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        session.getBasicRemote().sendText("pong:" + HexFormat.of().formatHex(bytes));
    }
}
