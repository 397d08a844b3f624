package dev.wharf.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Server endpoints the client tests talk to, deployed unchanged on Jetty's and Tomcat's own containers. */
public final class ServerEndpoints {

    private ServerEndpoints() {
    }

    /**
     * Echoes text and binary; a text {@code close:CODE:REASON} makes the server close with that code; {@code ping:X}
     * makes it send a ping; {@code header:NAME} answers with the request header's values; {@code frag:N} sends N
     * text fragments.
     */
    @ServerEndpoint(value = "/echo", subprotocols = {"chat", "superchat"}, configurator = HeaderEcho.class)
    public static class Echo {
        @OnMessage
        public void text(Session session, String text) throws IOException {
            if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(Integer.parseInt(parts[1])),
                        parts[2]));
            } else if (text.startsWith("ping:")) {
                session.getBasicRemote().sendPing(ByteBuffer.wrap(text.substring(5).getBytes()));
            } else if (text.startsWith("header:")) {
                Object values = session.getUserProperties().get("header:" + text.substring(7).toLowerCase());
                session.getBasicRemote().sendText(String.valueOf(values));
            } else if (text.startsWith("frag:")) {
                int n = Integer.parseInt(text.substring(5));
                for (int i = 0; i < n; i++) {
                    session.getBasicRemote().sendText("f" + i, i == n - 1);
                }
            } else {
                session.getBasicRemote().sendText(text);
            }
        }

        @OnMessage
        public void binary(Session session, ByteBuffer data) throws IOException {
            session.getBasicRemote().sendBinary(data);
        }

        @OnMessage
        public void pong(Session session, PongMessage pong) throws IOException {
            byte[] bytes = new byte[pong.getApplicationData().remaining()];
            pong.getApplicationData().get(bytes);
            session.getBasicRemote().sendText("pong:" + new String(bytes));
        }
    }

    /** Echoes text and binary unchanged, accepting messages up to 4 MiB (the containers' defaults are smaller). */
    @ServerEndpoint("/big")
    public static class BigEcho {
        @jakarta.websocket.OnOpen
        public void open(Session session) {
            session.setMaxTextMessageBufferSize(4 << 20);
            session.setMaxBinaryMessageBufferSize(4 << 20);
        }

        @OnMessage
        public void text(Session session, String text) throws IOException {
            session.getBasicRemote().sendText(text);
        }

        @OnMessage
        public void binary(Session session, ByteBuffer data) throws IOException {
            session.getBasicRemote().sendBinary(data);
        }
    }

    /** Keeps the request headers for {@code header:NAME} and adds a response header the client can see. */
    public static class HeaderEcho extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            request.getHeaders().forEach((name, values) ->
                    sec.getUserProperties().put("header:" + name.toLowerCase(), List.copyOf(values)));
            response.getHeaders().put("X-Server-Seen", List.of("yes"));
        }
    }
}
