package dev.wharf.servlet.e2e.endpoints;

import dev.wharf.rooms.Attachments;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Durable attachments: {@code put:<text>} stores the text and answers {@code id:<id>}; {@code persisted} lists the
 * ids a previous process left; opening with {@code ?resume=<id>} adopts that attachment.
 */
@ServerEndpoint("/attach")
public class AttachEndpoint {

    @OnOpen
    public void open(Session session) throws IOException {
        List<String> resume = session.getRequestParameterMap().get("resume");
        if (resume != null) {
            Optional<byte[]> adopted = Attachments.of(session).adopt(session, resume.get(0));
            session.getBasicRemote().sendText(adopted.map(b -> "adopted:" + new String(b, StandardCharsets.UTF_8))
                    .orElse("missing"));
        }
    }

    @OnMessage
    public String text(Session session, String text) throws IOException {
        Attachments attachments = Attachments.of(session);
        if (text.startsWith("put:")) {
            return "id:" + attachments.put(session, text.substring(4).getBytes(StandardCharsets.UTF_8));
        }
        if (text.equals("persisted")) {
            return "persisted:" + String.join(",", new TreeSet<>(attachments.persisted()));
        }
        return "unknown:" + text;
    }
}
