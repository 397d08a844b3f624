package dev.wharf.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ws:// and wss:// through an HTTP proxy: an explicit one (container option) or the JVM's ProxySelector. */
class ProxyTest {

    private static TestCertificate certificate;
    private WharfClientContainer client;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.create("proxied", "ip:127.0.0.1");
    }

    @BeforeEach
    void startClient() {
        client = new WharfClientContainer();
    }

    @AfterEach
    void stopClient() {
        client.close();
    }

    private static JettyServer server(boolean secure) throws Exception {
        JettyServer server = secure ? new JettyServer(certificate) : new JettyServer();
        server.start(ServerEndpoints.Echo.class);
        return server;
    }

    private static ClientEndpointConfig config() throws Exception {
        return ClientEndpointConfig.Builder.create().sslContext(certificate.trustingContext()).build();
    }

    private static void echoes(WharfClientContainer client, URI uri) throws Exception {
        Events events = new Events();
        Session session = client.connectToServer(events, config(), uri);
        session.getBasicRemote().sendText("through the proxy");
        assertEquals("through the proxy", events.next());
        session.close();
        assertEquals(1000, events.awaitClose().getCloseCode().getCode());
    }

    private static String next(TestProxy proxy) throws InterruptedException {
        String line = proxy.requests.poll(10, TimeUnit.SECONDS);
        assertTrue(line != null, "the proxy saw no request");
        return line;
    }

    /** RFC 6455 §4.1: behind a proxy the client asks for a tunnel with CONNECT, for ws:// as well as wss://. */
    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void explicitProxyTunnelsWithConnect(boolean secure) throws Exception {
        try (JettyServer server = server(secure); TestProxy proxy = new TestProxy(null, null)) {
            client.setProxy("127.0.0.1", proxy.port(), null, null);
            echoes(client, server.wsUri("/echo"));
            assertEquals("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1", next(proxy));
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void theJvmProxySelectorIsAsked(boolean secure) throws Exception {
        ProxySelector previous = ProxySelector.getDefault();
        try (JettyServer server = server(secure); TestProxy proxy = new TestProxy(null, null)) {
            List<URI> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    asked.add(uri);
                    return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            });
            echoes(client, server.wsUri("/echo"));
            assertEquals("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1", next(proxy));
            assertEquals((secure ? "https" : "http") + "://127.0.0.1:" + server.port() + "/echo",
                    asked.get(0).toString(), "the selector is asked for the http(s) form");
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void answersTheProxyChallengeWithConfiguredCredentials(boolean secure) throws Exception {
        try (JettyServer server = server(secure); TestProxy proxy = new TestProxy("proxy-user", "proxy-secret")) {
            client.setProxy("127.0.0.1", proxy.port(), "proxy-user", "proxy-secret");
            echoes(client, server.wsUri("/echo"));
            String connect = "CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1";
            assertEquals(connect, next(proxy), "first without credentials");
            assertEquals(connect + " +auth", next(proxy), "then answering the 407");
        }
    }

    @Test
    void aProxyChallengeWithoutCredentialsFailsWith407() throws Exception {
        try (JettyServer server = server(false); TestProxy proxy = new TestProxy("proxy-user", "proxy-secret")) {
            client.setProxy("127.0.0.1", proxy.port(), null, null);
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), config(), server.wsUri("/echo")));
            assertEquals(407, e.status());
            assertTrue(e.getMessage().contains("proxy"), e.getMessage());
        }
    }

    @Test
    void wrongProxyCredentialsFailWith407() throws Exception {
        try (JettyServer server = server(false); TestProxy proxy = new TestProxy("proxy-user", "proxy-secret")) {
            client.setProxy("127.0.0.1", proxy.port(), "proxy-user", "wrong");
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), config(), server.wsUri("/echo")));
            assertEquals(407, e.status());
        }
    }

    /** The test proxy's plain forwarding also carries an upgrade, checked with a raw request through it. */
    @Test
    void testProxyForwardsAPlainRequest() throws Exception {
        try (JettyServer server = server(false); TestProxy proxy = new TestProxy(null, null);
             java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.port())) {
            String key = dev.wharf.handshake.ClientHandshake.newKey();
            RawServer.send(s, "GET http://127.0.0.1:" + server.port() + "/echo HTTP/1.1\r\nHost: 127.0.0.1:"
                    + server.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String head = RawServer.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertEquals(RawServer.acceptKey(key), RawServer.header(head, "Sec-WebSocket-Accept"));
            assertEquals("GET http://127.0.0.1:" + server.port() + "/echo HTTP/1.1", next(proxy));
        }
    }
}
