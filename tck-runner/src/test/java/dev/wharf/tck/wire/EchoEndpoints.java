package dev.wharf.tck.wire;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** The endpoints the wire suite talks to when it runs against Wharf on an embedded host. */
final class EchoEndpoints {

    private EchoEndpoints() {}

    /** A plain echo with the container's default limits: text back as text, binary back as binary. */
    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String text(String message) {
            return message;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }
    }

    /** An echo that takes messages up to 32 MiB, for the 16 MiB cases. */
    @ServerEndpoint("/echo-large")
    public static class LargeEcho {
        static final int LIMIT = 32 << 20;

        @OnMessage(maxMessageSize = LIMIT)
        public String text(String message) {
            return message;
        }

        @OnMessage(maxMessageSize = LIMIT)
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }
    }
}
