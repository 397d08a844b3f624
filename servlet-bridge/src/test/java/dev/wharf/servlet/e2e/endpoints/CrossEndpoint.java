package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * On the text {@code n}, sends n binary messages of {@link #SIZE} bytes (message i filled with the byte i) with
 * blocking sends to every <em>other</em> open session of the same {@code report} key, then reports {@code sent}.
 * Reports {@code sending} first, so a test knows both callbacks of a pair are in their sends.
 */
@ServerEndpoint("/cross")
public class CrossEndpoint {

    public static final int SIZE = 4 * 1024 * 1024;

    @OnMessage
    public void onMessage(String count, Session session) throws IOException {
        List<String> key = session.getRequestParameterMap().get("report");
        Reports.add(session, "sending");
        byte[] chunk = new byte[SIZE];
        for (Session other : session.getOpenSessions()) {
            if (other == session || !key.equals(other.getRequestParameterMap().get("report"))) {
                continue;
            }
            for (int i = 0; i < Integer.parseInt(count); i++) {
                Arrays.fill(chunk, (byte) i);
                other.getBasicRemote().sendBinary(ByteBuffer.wrap(chunk));
            }
        }
        Reports.add(session, "sent");
    }
}
