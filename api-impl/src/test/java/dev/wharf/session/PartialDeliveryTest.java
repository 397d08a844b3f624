package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.AnnotatedEndpointModel;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partial handlers ({@code MessageHandler.Partial}, {@code @OnMessage(String|ByteBuffer|byte[], boolean)}) get each
 * frame's payload as its own part as it arrives, with {@code last} true only on the final frame's part.
 */
class PartialDeliveryTest {

    private static final String A = "first fragment, long enough to be compressed";
    private static final String B = "second fragment, also long enough to be compressed";
    private static final String C = "third and final fragment of the message";

    private MemoryPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    private MemoryPeer open(boolean deflate, Function<BlockingQueue<String>, Endpoint> endpoint) throws Exception {
        peer = new MemoryPeer(new ContainerDefaults(), endpoint, deflate);
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        return peer;
    }

    private static Endpoint programmaticText(BlockingQueue<String> events) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class,
                        (MessageHandler.Partial<String>) (part, last) -> events.add(part + ":" + last));
                events.add("open");
            }
        };
    }

    @ServerEndpoint("/text")
    public static class AnnotatedText {
        private final BlockingQueue<String> events;

        public AnnotatedText(BlockingQueue<String> events) {
            this.events = events;
        }

        @OnOpen
        public void open() {
            events.add("open");
        }

        @OnMessage
        public void part(String part, boolean last) {
            events.add(part + ":" + last);
        }
    }

    @ServerEndpoint("/bytes")
    public static class AnnotatedBytes {
        private final BlockingQueue<String> events;

        public AnnotatedBytes(BlockingQueue<String> events) {
            this.events = events;
        }

        @OnOpen
        public void open() {
            events.add("open");
        }

        @OnMessage
        public void part(byte[] part, boolean last) {
            events.add(new String(part, StandardCharsets.UTF_8) + ":" + last);
        }
    }

    private static Endpoint annotated(Object instance) {
        try {
            return new AnnotatedEndpoint(AnnotatedEndpointModel.of(instance.getClass()), instance);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void expectEachFrameAsAPart() throws InterruptedException {
        MemoryPeer p = peer;
        p.clientSends(p.client().encodeText(A, false));
        assertEquals(A + ":false", p.next(p.endpointEvents), "the first frame arrives before the rest is sent");
        p.clientSends(p.client().encodeText(B, false));
        assertEquals(B + ":false", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeText(C, true));
        assertEquals(C + ":true", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeText(A, true));
        assertEquals(A + ":true", p.next(p.endpointEvents), "an unfragmented message is one part, last=true");
        assertEquals(null, p.endpointEvents.poll(), "no extra empty part");
    }

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("MessageHandler.Partial<String>: one part per frame, as it arrives; last only on the final frame")
    void programmaticPartialText(boolean deflate) throws Exception {
        open(deflate, PartialDeliveryTest::programmaticText);
        expectEachFrameAsAPart();
    }

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("@OnMessage(String, boolean): one part per frame, as it arrives; last only on the final frame")
    void annotatedPartialText(boolean deflate) throws Exception {
        open(deflate, events -> annotated(new AnnotatedText(events)));
        expectEachFrameAsAPart();
    }

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("@OnMessage(byte[], boolean): one part per frame, as it arrives; last only on the final frame")
    void annotatedPartialBytes(boolean deflate) throws Exception {
        open(deflate, events -> annotated(new AnnotatedBytes(events)));
        MemoryPeer p = peer;
        p.clientSends(p.client().encodeBinary(ByteBuffer.wrap(A.getBytes(StandardCharsets.UTF_8)), false));
        assertEquals(A + ":false", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeBinary(ByteBuffer.wrap(C.getBytes(StandardCharsets.UTF_8)), true));
        assertEquals(C + ":true", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeBinary(ByteBuffer.wrap(B.getBytes(StandardCharsets.UTF_8)), true));
        assertEquals(B + ":true", p.next(p.endpointEvents));
        assertEquals(null, p.endpointEvents.poll());
    }
}
