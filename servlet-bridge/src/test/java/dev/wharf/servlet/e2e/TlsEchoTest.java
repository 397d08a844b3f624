package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.hosts.Host;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

/**
 * Echo over {@code wss://}: Wharf's transports under each host's TLS (on Jetty the end-point transport over Jetty's
 * {@code SslConnection}, on Tomcat and Undertow the servlet upgrade over their TLS channels).
 */
@DisplayName("echo over wss://")
class TlsEchoTest extends HostedTest {

    /** Larger than a TLS record (16 KiB) many times over, so messages span records and partial reads. */
    private static final int LARGE = 1024 * 1024 + 3;

    @HostTest
    @DisplayName("[WSC 4.7] small text and binary echo back unchanged over wss://")
    void smallMessages(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wssUri("/echo"), host.clientTls())) {
            client.sendText("héllo €𝄞");
            assertEquals("héllo €𝄞", client.nextText());
            byte[] binary = {0, 1, 0, (byte) 0xff};
            client.sendBinary(binary);
            assertArrayEquals(binary, client.nextBinary());
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7] a 1 MiB binary and a 1 MiB text message echo back unchanged over wss://")
    void largeMessages(Host host) throws Exception {
        byte[] binary = new byte[LARGE];
        new Random(7).nextBytes(binary);
        String text = "wss€".repeat(LARGE / 4);
        try (JdkClient client = JdkClient.connect(host.wssUri("/echo"), host.clientTls())) {
            client.sendBinary(binary);
            assertArrayEquals(binary, client.nextBinary());
            client.sendText(text);
            String echoed = client.nextText();
            assertEquals(text.length(), echoed.length());
            assertTrue(text.equals(echoed), "content differs");
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §7] a client close over wss:// is answered with the same code")
    void closeHandshake(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wssUri("/echo"), host.clientTls())) {
            client.sendText("before close");
            assertEquals("before close", client.nextText());
            client.ws().sendClose(1000, "done").get(10, TimeUnit.SECONDS);
            assertEquals(1000, client.awaitClose().code());
        }
    }
}
