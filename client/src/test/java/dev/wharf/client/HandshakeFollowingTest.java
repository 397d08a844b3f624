package dev.wharf.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects, authentication challenges, timeouts and a server that breaks the protocol, on raw sockets. */
class HandshakeFollowingTest {

    private WharfClientContainer client;

    @BeforeEach
    void startClient() {
        client = new WharfClientContainer();
    }

    @AfterEach
    void stopClient() {
        client.close();
    }

    private static ClientEndpointConfig plain() {
        return ClientEndpointConfig.Builder.create().build();
    }

    @Test
    void followsARedirectToTheWebSocket() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            if (head.startsWith("GET /old ")) {
                RawServer.send(s, "HTTP/1.1 302 Found\r\nLocation: /new\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            } else {
                s.getOutputStream().write(RawServer.switching(head));
                s.getInputStream().read(); // hold the connection until the client closes
            }
        })) {
            Events events = new Events();
            Session session = client.connectToServer(events, plain(), server.wsUri("/old"));
            assertTrue(session.isOpen());
            assertTrue(server.nextRequest().startsWith("GET /old "));
            assertTrue(server.nextRequest().startsWith("GET /new "));
        }
    }

    @Test
    void redirectLimitIsAContainerOption() throws Exception {
        try (RawServer server = new RawServer((head, s) ->
                RawServer.send(s, "HTTP/1.1 307 Temporary Redirect\r\nLocation: /loop\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))) {
            client.setMaxRedirects(2);
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), plain(), server.wsUri("/loop")));
            assertEquals(307, e.status());
            assertEquals(3, server.requests.size(), "the first request and two redirects");
        }
    }

    @Test
    void answersABasicChallenge() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            String auth = RawServer.header(head, "Authorization");
            if (auth == null) {
                RawServer.send(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ws\"\r\nConnection: close\r\n"
                        + "Content-Length: 0\r\n\r\n");
            } else if (auth.equals("Basic dXNlcjpzZWNyZXQ=")) { // user:secret
                s.getOutputStream().write(RawServer.switching(head));
                s.getInputStream().read();
            } else {
                RawServer.send(s, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            }
        })) {
            ClientEndpointConfig config = plain();
            config.getUserProperties().put(WharfClientContainer.AUTH_USER, "user");
            config.getUserProperties().put(WharfClientContainer.AUTH_PASSWORD, "secret");
            Session session = client.connectToServer(new Events(), config, server.wsUri("/private"));
            assertTrue(session.isOpen());
        }
    }

    @Test
    void answersADigestChallenge() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            String auth = RawServer.header(head, "Authorization");
            if (auth == null) {
                RawServer.send(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"ws\", "
                        + "nonce=\"abc123\", qop=\"auth\", algorithm=MD5\r\nContent-Length: 0\r\n\r\n");
            } else if (auth.startsWith("Digest ") && auth.contains("username=\"user\"")
                    && auth.contains("nonce=\"abc123\"") && auth.contains("response=\"")) {
                s.getOutputStream().write(RawServer.switching(head));
                s.getInputStream().read();
            } else {
                RawServer.send(s, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            }
        })) {
            ClientEndpointConfig config = plain();
            config.getUserProperties().put(WharfClientContainer.AUTH_USER, "user");
            config.getUserProperties().put(WharfClientContainer.AUTH_PASSWORD, "secret");
            assertTrue(client.connectToServer(new Events(), config, server.wsUri("/private")).isOpen());
        }
    }

    /**
     * The server answers 401 keeping the connection alive, then closes it when the follow-up arrives: the follow-up
     * is sent once more on a fresh connection.
     */
    @Test
    void followUpOnAConnectionTheServerClosesIsSentAgain() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            if (RawServer.header(head, "Authorization") == null) {
                RawServer.send(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ws\"\r\n"
                        + "Content-Length: 0\r\n\r\n");
                server0.add(RawServer.readHead(s.getInputStream())); // the follow-up, left unanswered
            } else {
                s.getOutputStream().write(RawServer.switching(head));
                s.getInputStream().read();
            }
        })) {
            ClientEndpointConfig config = plain();
            config.getUserProperties().put(WharfClientContainer.AUTH_USER, "user");
            config.getUserProperties().put(WharfClientContainer.AUTH_PASSWORD, "secret");
            assertTrue(client.connectToServer(new Events(), config, server.wsUri("/private")).isOpen());
            assertTrue(server.nextRequest().startsWith("GET /private "));
            assertTrue(server.nextRequest().contains("Authorization: Basic"), "a fresh connection for the retry");
        }
    }

    /** A later connect may take the pooled connection a 401 left alive, which the server then closes. */
    @Test
    void laterConnectOnAConnectionTheServerClosesIsSentAgain() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            if (head.startsWith("GET /first ")) {
                RawServer.send(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ws\"\r\n"
                        + "Content-Length: 0\r\n\r\n");
                server0.add(RawServer.readHead(s.getInputStream())); // the next connect's request, unanswered
            } else {
                s.getOutputStream().write(RawServer.switching(head));
                s.getInputStream().read();
            }
        })) {
            assertEquals(401, assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), plain(), server.wsUri("/first"))).status());
            assertTrue(client.connectToServer(new Events(), plain(), server.wsUri("/second")).isOpen());
            assertEquals(1, server0.size(), "the second connect first went out on the pooled connection");
        }
    }

    private final java.util.Queue<String> server0 = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Test
    void unansweredChallengeFailsWith401() throws Exception {
        try (RawServer server = new RawServer((head, s) ->
                RawServer.send(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ws\"\r\nConnection: close\r\n"
                        + "Content-Length: 0\r\n\r\n"))) {
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), plain(), server.wsUri("/private")));
            assertEquals(401, e.status());
            assertEquals("Unauthorized", e.reasonPhrase());
        }
    }

    @Test
    void badAcceptKeyFailsTheHandshake() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            RawServer.send(s, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n");
            s.getInputStream().read();
        })) {
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), plain(), server.wsUri("/x")));
            assertEquals(101, e.status());
            assertTrue(e.getMessage().contains("Sec-WebSocket-Accept"), e.getMessage());
        }
    }

    @Test
    void silentServerHitsTheHandshakeTimeout() throws Exception {
        try (RawServer server = new RawServer((head, s) -> s.getInputStream().read())) {
            client.setHandshakeTimeout(500);
            assertThrows(SocketTimeoutException.class,
                    () -> client.connectToServer(new Events(), plain(), server.wsUri("/x")));
        }
    }

    /**
     * RFC 6455 §5.1: a client must fail the connection on a masked server frame. The engine fails it with 1002 on the
     * wire, and the endpoint's onClose sees 1002 too: the peer's data broke the rule (README, closes by the container).
     */
    @Test
    void maskedServerFrameClosesWith1002() throws Exception {
        java.util.concurrent.CompletableFuture<byte[]> clientClose = new java.util.concurrent.CompletableFuture<>();
        try (RawServer server = new RawServer((head, s) -> {
            s.getOutputStream().write(RawServer.switching(head));
            // a masked text frame "hi": FIN+text, MASK bit + length 2, key 0, payload
            s.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'});
            s.getOutputStream().flush();
            byte[] frame = new byte[4];
            int n = s.getInputStream().readNBytes(frame, 0, 2);
            int len = frame[1] & 0x7F;
            byte[] rest = s.getInputStream().readNBytes(4 + len);
            byte[] payload = new byte[len];
            for (int i = 0; i < len; i++) {
                payload[i] = (byte) (rest[4 + i] ^ rest[i % 4]);
            }
            clientClose.complete(n == 2 && (frame[0] & 0x0F) == 8 ? payload : new byte[0]);
        })) {
            Events events = new Events();
            client.connectToServer(events, plain(), server.wsUri("/x"));
            CloseReason reason = events.awaitClose();
            assertEquals(1002, reason.getCloseCode().getCode(), "a violation by the peer reports its code");
            assertTrue(reason.getReasonPhrase().contains("mask"), reason.getReasonPhrase());
            byte[] payload = clientClose.get(10, TimeUnit.SECONDS);
            assertNotNull(payload);
            assertEquals(1002, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF), "the close code on the wire");
        }
    }

    @Test
    void connectionRefusedIsAnIOException() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThrows(java.io.IOException.class, () -> client.connectToServer(new Events(), plain(),
                java.net.URI.create("ws://127.0.0.1:" + port + "/x")));
    }

    @Test
    void stopLeavesNoClientThreads() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            s.getOutputStream().write(RawServer.switching(head));
            s.getInputStream().read();
        })) {
            Events events = new Events();
            client.connectToServer(events, plain(), server.wsUri("/x"));
            client.stop(2000);
            assertEquals(1006, events.awaitClose().getCloseCode().getCode());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (liveClientThreads() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertEquals(0, liveClientThreads(), "threads left: " + Thread.getAllStackTraces().keySet());
        }
    }

    private static long liveClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("wharf-client")).count();
    }

    @SuppressWarnings("unused")
    private static void unused(Socket s) {
    }
}
