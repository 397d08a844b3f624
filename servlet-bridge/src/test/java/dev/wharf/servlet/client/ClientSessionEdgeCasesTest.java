package dev.wharf.servlet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.client.WharfClientContainer;
import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.SharedHosts;
import dev.wharf.servlet.hosts.WebApp;
import dev.wharf.session.WebSocketSession;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wharf's client sessions where the official TCK found gaps (issue #14), against Wharf's server on each host: a text
 * to a {@code char} method, {@code maxMessageSize} on the client, failing encoders in asynchronous sends, decoders
 * for {@code Reader}/{@code InputStream}, {@code isOpen()} against {@code onClose}, and messages before handlers.
 */
class ClientSessionEdgeCasesTest extends SharedHosts {

    private final WharfClientContainer client = new WharfClientContainer();

    /** Echoes text and binary. */
    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String text(String text) {
            return text;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer data) {
            return data;
        }
    }

    /** Greets in onOpen, before the client can have a text handler, then pongs; echoes text afterwards. */
    @ServerEndpoint("/greeter")
    public static class Greeter {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("hello before any handler");
            session.getBasicRemote().sendPong(ByteBuffer.allocate(0));
        }

        @OnMessage
        public String text(String text) {
            return text;
        }
    }

    @Override
    protected List<Host> candidates() {
        return Host.all();
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Echo.class, Greeter.class).build();
    }

    @AfterAll
    void closeClient() {
        client.close();
    }

    @ClientEndpoint
    public static class CharClient {
        final BlockingQueue<Character> chars = new LinkedBlockingQueue<>();

        @OnMessage
        public void text(char c) {
            chars.add(c);
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // the shared hosts outlive each test
    @MethodSource("hosts")
    @DisplayName("[WSC-4.7-2] a client's char method gets a text's first character")
    void clientCharIsTheFirstCharacter(Host host) throws Exception {
        CharClient endpoint = new CharClient();
        Session session = client.connectToServer(endpoint, host.wsUri("/echo"));
        session.getBasicRemote().sendText("Echar");
        assertEquals('E', endpoint.chars.poll(10, TimeUnit.SECONDS));
        session.close();
    }

    @ClientEndpoint
    public static class LimitedClient {
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @OnMessage(maxMessageSize = 5)
        public void text(String text) {
        }

        @OnClose
        public void close(CloseReason reason) {
            closed.complete(reason);
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // the shared hosts outlive each test
    @MethodSource("hosts")
    @DisplayName("[WSC-4.7.1-1] a client that receives a message over its maxMessageSize sees 1009 in onClose")
    void clientTooBigReports1009(Host host) throws Exception {
        LimitedClient endpoint = new LimitedClient();
        Session session = client.connectToServer(endpoint, host.wsUri("/echo"));
        session.getBasicRemote().sendText("123456");
        assertEquals(1009, endpoint.closed.get(10, TimeUnit.SECONDS).getCloseCode().getCode());
    }

    public static class Fragile {
    }

    public static class FragileEncoder implements Encoder.Text<Fragile> {
        @Override
        public String encode(Fragile value) {
            throw new IllegalStateException("fragile on purpose");
        }
    }

    /** A programmatic client that records text and its close. */
    public static class Recorder extends Endpoint {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // the shared hosts outlive each test
    @MethodSource("hosts")
    @DisplayName("[RemoteEndpoint.Async.sendObject] a client encoder's runtime exception fails the Future/SendResult")
    void clientEncoderFailureIsReported(Host host) throws Exception {
        Recorder endpoint = new Recorder();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .encoders(List.of(FragileEncoder.class)).build();
        Session session = client.connectToServer(endpoint, config, host.wsUri("/echo"));
        Future<Void> sent = session.getAsyncRemote().sendObject(new Fragile());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> sent.get(10, TimeUnit.SECONDS));
        assertInstanceOf(EncodeException.class, failed.getCause());
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        session.getAsyncRemote().sendObject(new Fragile(), result::complete);
        SendResult r = result.get(10, TimeUnit.SECONDS);
        assertFalse(r.isOK());
        assertInstanceOf(EncodeException.class, r.getException());
        session.getAsyncRemote().sendText("still open").get(10, TimeUnit.SECONDS);
        assertEquals("still open", endpoint.texts.poll(10, TimeUnit.SECONDS));
        session.close();
    }

    public static class MarkingReaderDecoder implements Decoder.Text<Reader> {
        @Override
        public Reader decode(String s) {
            return new StringReader("decoded " + s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    public static class MarkingInputStreamDecoder implements Decoder.Binary<InputStream> {
        @Override
        public InputStream decode(ByteBuffer bytes) {
            return new ByteArrayInputStream(("decoded " + StandardCharsets.UTF_8.decode(bytes))
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return true;
        }
    }

    /** Adds Reader and InputStream handlers in onOpen, as the TCK's annotated clients do. */
    @ClientEndpoint(decoders = {MarkingReaderDecoder.class, MarkingInputStreamDecoder.class})
    public static class DecodingClient {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @OnOpen
        public void open(Session session) {
            session.addMessageHandler(Reader.class, reader -> received.add(readAll(reader)));
            session.addMessageHandler(InputStream.class, in -> {
                try {
                    received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        private static String readAll(Reader reader) {
            try {
                StringBuilder text = new StringBuilder();
                char[] buffer = new char[64];
                for (int n; (n = reader.read(buffer)) >= 0; ) {
                    text.append(buffer, 0, n);
                }
                return text.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // the shared hosts outlive each test
    @MethodSource("hosts")
    @DisplayName("[WSC-4.2.2-1] a client's decoders for Reader and InputStream decode those messages")
    void clientDecodersForStreamFormsWin(Host host) throws Exception {
        DecodingClient endpoint = new DecodingClient();
        Session session = client.connectToServer(endpoint, host.wsUri("/echo"));
        session.getBasicRemote().sendText("text");
        assertEquals("decoded text", endpoint.received.poll(10, TimeUnit.SECONDS));
        session.getBasicRemote().sendBinary(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)));
        assertEquals("decoded bytes", endpoint.received.poll(10, TimeUnit.SECONDS));
        session.close();
    }

    /** Its onClose records what isOpen() says and waits for the test; a second variant throws from onClose. */
    public static class SlowClosing extends Endpoint {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final CountDownLatch release = new CountDownLatch(1);
        final boolean fail;

        SlowClosing(boolean fail) {
            this.fail = fail;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode() + " open=" + session.isOpen());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new ArithmeticException("onClose failed on purpose");
            }
        }

        @Override
        public void onError(Session session, Throwable error) {
            events.add("error " + error.getMessage() + " open=" + session.isOpen());
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // the shared hosts outlive each test
    @MethodSource("hosts")
    @DisplayName("[Session.isOpen, WSC-5.2.2-2] a client session is open until onClose and its onError ran")
    void clientIsOpenTurnsFalseAfterOnClose(Host host) throws Exception {
        SlowClosing endpoint = new SlowClosing(true);
        Session session = client.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(),
                host.wsUri("/echo"));
        session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "client says"));
        assertEquals("close 1009 open=true", endpoint.events.poll(10, TimeUnit.SECONDS));
        assertTrue(session.isOpen(), "onClose is still running");
        endpoint.release.countDown();
        assertEquals("error onClose failed on purpose open=true", endpoint.events.poll(10, TimeUnit.SECONDS));
        assertTrue(((WebSocketSession) session).awaitClosed(10_000));
        assertFalse(session.isOpen());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // the shared hosts outlive each test
    @MethodSource("hosts")
    @DisplayName("[WSC-2.1.3] a message that reaches a client before its handler is dropped; the session stays open")
    void clientDropsMessageBeforeItsHandler(Host host) throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        CompletableFuture<Void> ponged = new CompletableFuture<>();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                // The greeting comes first, with no text handler; the pong after it adds one.
                session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
                    ponged.complete(null);
                });
            }
        };
        Session session = client.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(),
                host.wsUri("/greeter"));
        ponged.get(10, TimeUnit.SECONDS);
        session.getBasicRemote().sendText("after the pong");
        String first = texts.poll(10, TimeUnit.SECONDS);
        assertNotNull(first, "the session was closed instead");
        assertEquals("after the pong", first, "the greeting was dropped, not kept for a later handler");
        assertTrue(session.isOpen());
        session.close();
    }
}
