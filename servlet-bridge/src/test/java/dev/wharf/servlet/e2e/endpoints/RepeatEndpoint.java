package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;

/**
 * Answers each text message with {@code ?times=N} copies (default 1) of itself, or of a text of {@code ?size=S}
 * bytes, by blocking sends ({@code ?mode=blocking}, the default) or asynchronous ones ({@code ?mode=async}, fire and
 * forget): a peer that stops reading makes the first wait and the second queue. Reports its close.
 */
@ServerEndpoint("/repeat")
public class RepeatEndpoint {

    private static final java.util.Map<Integer, String> REPLIES = new java.util.concurrent.ConcurrentHashMap<>();

    @OnOpen
    public void opened(Session session) {
        Containers.remember(session);
    }

    @OnMessage(maxMessageSize = 1 << 20)
    public void text(String message, Session session) throws IOException {
        int times = Integer.parseInt(parameter(session, "times", "1"));
        boolean async = parameter(session, "mode", "blocking").equals("async");
        String size = parameter(session, "size", null);
        String reply = size == null ? message : REPLIES.computeIfAbsent(Integer.parseInt(size), "r"::repeat);
        for (int i = 0; i < times; i++) {
            if (async) {
                session.getAsyncRemote().sendText(reply);
            } else {
                session.getBasicRemote().sendText(reply);
            }
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        Reports.add(session, "close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
    }

    static String parameter(Session session, String name, String otherwise) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? otherwise : values.get(0);
    }
}
