package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * {@code MessageHandler.Whole}/{@code Partial} added and removed while the session runs (spec 2.1.3, 2.3, javadoc
 * of {@code Session.addMessageHandler}: at most one handler per native message type, else
 * {@code IllegalStateException}).
 */
@DisplayName("MessageHandlers at run time [WSC-2.1.3, Session.addMessageHandler]")
class MessageHandlerSpecTest extends SpecHostedTest {

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), AppConfig.class, TypedHandlers.class).build();
    }

    /** Deploys {@link TypedHandlers} at /handlers. */
    public static class AppConfig implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return Set.of(ServerEndpointConfig.Builder.create(TypedHandlers.class, "/handlers").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    /** The same commands, with handler classes whose type arguments the container must find itself. */
    public static class TypedHandlers extends Endpoint {
        private Session session;
        private MessageHandler binary;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.addMessageHandler(new MessageHandler.Whole<String>() {
                @Override
                public void onMessage(String command) {
                    reply(run(command));
                }
            });
        }

        private String run(String command) {
            try {
                switch (command) {
                    case "add binary whole" -> session.addMessageHandler(binary = new MessageHandler.Whole<ByteBuffer>() {
                        @Override
                        public void onMessage(ByteBuffer b) {
                            reply("whole " + b.remaining());
                        }
                    });
                    case "add binary partial" -> session.addMessageHandler(binary = new MessageHandler.Partial<byte[]>() {
                        @Override
                        public void onMessage(byte[] b, boolean last) {
                            reply("part " + b.length + " " + last);
                        }
                    });
                    case "add byte[] whole" -> session.addMessageHandler(byte[].class, b -> reply("bytes"));
                    case "add reader" -> session.addMessageHandler(Reader.class, r -> reply("reader"));
                    case "add text partial" -> session.addMessageHandler(String.class,
                            (MessageHandler.Partial<String>) (s, last) -> reply("p"));
                    case "add pong" -> session.addMessageHandler(PongMessage.class, p -> reply(
                            "pong " + StandardCharsets.UTF_8.decode(p.getApplicationData())));
                    case "remove binary" -> session.removeMessageHandler(binary);
                    case "count" -> {
                        return "handlers " + session.getMessageHandlers().size();
                    }
                    default -> {
                        return "unknown " + command;
                    }
                }
                return "ok";
            } catch (IllegalStateException e) {
                return "IllegalStateException";
            }
        }

        private void reply(String text) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @OnHosts
    @DisplayName("[Session.addMessageHandler] a binary Whole handler added at run time receives messages")
    void addWholeAtRunTime(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/handlers"))) {
            assertEquals("handlers 1", ws.ask("count"));
            assertEquals("ok", ws.ask("add binary whole"));
            assertEquals("handlers 2", ws.ask("count"));
            ws.sendBinary(new byte[12]);
            assertEquals("whole 12", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[Session.addMessageHandler] a second handler for a native type already handled: IllegalStateException")
    void secondHandlerForTheSameNativeTypeFails(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/handlers"))) {
            assertEquals("ok", ws.ask("add binary whole"));
            assertEquals("IllegalStateException", ws.ask("add byte[] whole"));
            assertEquals("IllegalStateException", ws.ask("add binary partial"));
            assertEquals("IllegalStateException", ws.ask("add reader"));
            assertEquals("IllegalStateException", ws.ask("add text partial"));
            assertEquals("ok", ws.ask("add pong"));
            assertEquals("IllegalStateException", ws.ask("add pong"));
            assertEquals("handlers 3", ws.ask("count"));
            ws.sendBinary(new byte[3]);
            assertEquals("whole 3", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[Session.removeMessageHandler] after removal a Partial handler can take the binary type")
    void removeThenReplace(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/handlers"))) {
            assertEquals("ok", ws.ask("add binary whole"));
            assertEquals("ok", ws.ask("remove binary"));
            assertEquals("handlers 1", ws.ask("count"));
            assertEquals("ok", ws.ask("add binary partial"));
            ws.sendBinaryPart(new byte[4], false).sendBinaryPart(new byte[2], true);
            assertEquals("part 4 false", ws.nextText());
            assertEquals("part 2 true", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-2.1.3] a pong handler added at run time receives unsolicited pongs")
    void pongHandler(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/handlers"))) {
            assertEquals("ok", ws.ask("add pong"));
            ws.sendPong("beat");
            assertEquals("pong beat", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-2.1.3] a binary message before any binary handler is dropped; one added later gets the next")
    void messageBeforeItsHandlerIsDropped(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/handlers"))) {
            ws.sendBinary(new byte[1]);
            assertEquals("ok", ws.ask("add binary whole"), "the session stays open (as in Tomcat and Jetty)");
            ws.sendBinary(new byte[2]);
            assertEquals("whole 2", ws.nextText(), "the dropped message never reaches the later handler");
        }
    }
}
