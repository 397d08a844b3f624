package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Async sends with a {@code SendHandler} on the WebSocket API the host provides. Runs twice: in the default surefire
 * execution on the 2.2 API, and in the {@code websocket-api-2.1} execution with the 2.1 API jars in place of 2.2 (as
 * on Tomcat 10.1, Jetty 12 ee10 or Spring Boot 3), where {@code SendResult(Session)} does not exist and calling it
 * threw {@code NoSuchMethodError} so the handler never ran. The execution says which API it put on the class path
 * (system property {@code wharf.test.websocketApi}); the test checks the class path really is that API.
 */
class SendResultApiLevelTest {

    private static final String EXPECTED_API = System.getProperty("wharf.test.websocketApi", "2.2");
    private MemoryPeer peer;

    @BeforeAll
    static void theClassPathHasTheExpectedApi() {
        assertEquals(EXPECTED_API.equals("2.2"), hasGetSession(),
                "the execution promised WebSocket API " + EXPECTED_API + " on the class path");
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    @Test
    @DisplayName("[WSC 2.2 appendix, issue 185] results carry their session exactly when the API has the 2.2 constructors")
    void sessionCarriedOnlyWhereTheApiHasIt() {
        assertEquals(hasGetSession(), SendResults.carrySession());
    }

    @Test
    @DisplayName("a SendHandler is called with an OK result for text, binary and object sends, on either API level")
    void sendHandlersRunOnEitherApi() throws Exception {
        peer = MemoryPeer.openedEcho(new ContainerDefaults());
        BlockingQueue<SendResult> results = new LinkedBlockingQueue<>();
        peer.session.getAsyncRemote().sendText("one", results::add);
        peer.session.getAsyncRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), results::add);
        peer.session.getAsyncRemote().sendObject("three", results::add);
        for (int i = 0; i < 3; i++) {
            SendResult r = results.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "SendHandler " + i + " was never called");
            assertTrue(r.isOK(), String.valueOf(r.getException()));
            assertSessionMatches(r, peer.session);
        }
        // later sends still work: the failure this guards against also lost every later send
        assertEquals("text:one", peer.next(peer.received));
        assertTrue(peer.next(peer.received).startsWith("binary:"));
        assertEquals("text:three", peer.next(peer.received));
    }

    @Test
    @DisplayName("a failed async send reaches its SendHandler with the exception, on either API level")
    void failedSendReachesTheHandler() throws Exception {
        peer = MemoryPeer.openedEcho(new ContainerDefaults());
        RemoteEndpoint.Async remote = peer.session.getAsyncRemote();
        peer.session.close();
        BlockingQueue<SendResult> results = new LinkedBlockingQueue<>();
        remote.sendText("after close", results::add);
        SendResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the SendHandler was never called");
        assertFalse(r.isOK());
        assertNotNull(r.getException());
        assertSessionMatches(r, peer.session);
    }

    /** On 2.2 the result names the session; on 2.1 there is nothing to check (the method does not exist). */
    private static void assertSessionMatches(SendResult result, Session session) throws Exception {
        if (hasGetSession()) {
            assertSame(session, SendResult.class.getMethod("getSession").invoke(result));
        }
    }

    private static boolean hasGetSession() {
        for (Method m : SendResult.class.getMethods()) {
            if (m.getName().equals("getSession")) {
                return true;
            }
        }
        return false;
    }
}
