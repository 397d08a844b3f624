package dev.wharf.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wss:// against Jetty's own WebSocket server over TLS with self-signed certificates. */
class SecureConnectTest {

    private static TestCertificate forLoopback;
    private static TestCertificate forOtherName;

    private WharfClientContainer client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        forLoopback = TestCertificate.create("loopback", "ip:127.0.0.1");
        forOtherName = TestCertificate.create("other", "dns:other.example");
    }

    @BeforeEach
    void startClient() {
        client = new WharfClientContainer();
    }

    @AfterEach
    void stopClient() {
        client.close();
    }

    private static ClientEndpointConfig trusting(TestCertificate certificate) throws Exception {
        return ClientEndpointConfig.Builder.create().sslContext(certificate.trustingContext()).build();
    }

    @Test
    void connectsWithAContextTrustingTheCertificate() throws Exception {
        try (JettyServer server = new JettyServer(forLoopback)) {
            server.start(ServerEndpoints.Echo.class);
            Events events = new Events();
            Session session = client.connectToServer(events, trusting(forLoopback), server.wsUri("/echo"));
            assertTrue(session.isSecure());
            // an application's configuration offers only its own extensions [WSC-3.2.2-1]
            assertTrue(session.getNegotiatedExtensions().isEmpty());
            session.getBasicRemote().sendText("over TLS");
            assertEquals("over TLS", events.next());
            session.close();
            assertEquals(1000, events.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void theJvmDefaultTrustRejectsASelfSignedCertificate() throws Exception {
        try (JettyServer server = new JettyServer(forLoopback)) {
            server.start(ServerEndpoints.Echo.class);
            IOException e = assertThrows(IOException.class, () -> client.connectToServer(new Events(),
                    ClientEndpointConfig.Builder.create().build(), server.wsUri("/echo")));
            assertTrue(e instanceof SSLHandshakeException, "got " + e);
            assertTrue(e.getMessage().startsWith("cannot connect to wss://127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
            assertTrue(e.getMessage().contains("PKIX"), e.getMessage()); // the trust failure itself
        }
    }

    /** Host-name verification is on by default: a trusted certificate issued to another name is refused. */
    @Test
    void aTrustedCertificateForAnotherNameIsRefused() throws Exception {
        try (JettyServer server = new JettyServer(forOtherName)) {
            server.start(ServerEndpoints.Echo.class);
            IOException e = assertThrows(IOException.class,
                    () -> client.connectToServer(new Events(), trusting(forOtherName), server.wsUri("/echo")));
            assertTrue(e instanceof SSLHandshakeException, "got " + e);
            assertTrue(e.getMessage().contains("No subject alternative names matching IP address 127.0.0.1"),
                    e.getMessage());
        }
    }

}
