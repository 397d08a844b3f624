package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * On the text {@code n}, sends n binary messages of 1 MiB with blocking sends from inside {@code @OnMessage};
 * message i is filled with the byte i, then the text {@code done}.
 */
@ServerEndpoint("/bulk")
public class BulkEndpoint {

    public static final int SIZE = 1024 * 1024;

    @OnMessage
    public void onMessage(String count, Session session) throws IOException {
        int n = Integer.parseInt(count);
        byte[] chunk = new byte[SIZE];
        for (int i = 0; i < n; i++) {
            Arrays.fill(chunk, (byte) i);
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(chunk));
        }
        session.getBasicRemote().sendText("done");
    }
}
