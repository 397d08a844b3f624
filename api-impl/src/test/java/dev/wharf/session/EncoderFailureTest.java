package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An encoder that throws an unchecked exception: asynchronous sends report it through their {@code Future}
 * ({@code ExecutionException}) or {@code SendResult}, blocking ones as {@code EncodeException}; nothing else is
 * thrown and the session stays usable (javadoc of {@code RemoteEndpoint.Async.sendObject}, [WSC-5.2.2-1]).
 */
class EncoderFailureTest {

    /** A value whose encoder always fails. */
    public static final class Fragile {
    }

    public static final class FragileEncoder implements Encoder.Text<Fragile> {
        @Override
        public String encode(Fragile object) {
            throw new IllegalStateException("fragile on purpose");
        }
    }

    private MemoryPeer peer;

    @BeforeEach
    void open() throws InterruptedException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Endpoint.class, "/x")
                .encoders(List.of(FragileEncoder.class)).build();
        peer = new MemoryPeer(new ContainerDefaults(), MemoryPeer::recordingEcho, false, config);
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
    }

    @AfterEach
    void stop() {
        peer.shutdown();
    }

    @Test
    @DisplayName("[RemoteEndpoint.Async.sendObject] an encoder's runtime exception fails the Future, not the call")
    void futureCarriesTheEncoderFailure() throws Exception {
        Future<Void> sent = peer.session.getAsyncRemote().sendObject(new Fragile());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> sent.get(5, TimeUnit.SECONDS));
        EncodeException encode = assertInstanceOf(EncodeException.class, failed.getCause());
        assertInstanceOf(IllegalStateException.class, encode.getCause());
        assertTrue(encode.getMessage().contains(FragileEncoder.class.getName()), encode.getMessage());
        stillUsable();
    }

    @Test
    @DisplayName("[RemoteEndpoint.Async.sendObject] an encoder's runtime exception reaches the SendHandler")
    void sendHandlerCarriesTheEncoderFailure() throws Exception {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        peer.session.getAsyncRemote().sendObject(new Fragile(), result::complete);
        SendResult r = result.get(5, TimeUnit.SECONDS);
        assertFalse(r.isOK());
        assertInstanceOf(EncodeException.class, r.getException());
        stillUsable();
    }

    @Test
    @DisplayName("[RemoteEndpoint.Basic.sendObject] an encoder's runtime exception is the declared EncodeException")
    void blockingSendThrowsEncodeException() throws Exception {
        RemoteEndpoint.Basic remote = peer.session.getBasicRemote();
        EncodeException e = assertThrows(EncodeException.class, () -> remote.sendObject(new Fragile()));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        stillUsable();
    }

    private void stillUsable() throws Exception {
        peer.session.getAsyncRemote().sendText("after").get(5, TimeUnit.SECONDS);
        assertEquals("text:after", peer.next(peer.received));
        assertTrue(peer.session.isOpen());
    }
}
