package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sends from {@code @OnOpen} with blocking sends: the name of the thread running it, then {@link #COUNT} binary
 * messages of {@link #SIZE} bytes, message i filled with the byte i. Echoes text afterwards.
 */
@ServerEndpoint("/open-send")
public class OpenSendEndpoint {

    public static final int SIZE = 1024 * 1024;
    public static final int COUNT = 16;

    @OnOpen
    public void open(Session session) throws IOException {
        session.getBasicRemote().sendText(Thread.currentThread().getName());
        byte[] chunk = new byte[SIZE];
        for (int i = 0; i < COUNT; i++) {
            Arrays.fill(chunk, (byte) i);
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(chunk));
        }
    }

    @OnMessage
    public String echo(String text) {
        return text;
    }
}
