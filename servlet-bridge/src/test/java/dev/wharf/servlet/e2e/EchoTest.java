package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.hosts.Host;
import java.util.Random;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("echo of text and binary messages")
class EchoTest extends HostedTest {

    private static final int LARGE = 16 * 1024 * 1024;
    private WebSocketClient jetty;

    @BeforeAll
    void startJetty() throws Exception {
        jetty = JettyClient.newClient();
    }

    @AfterAll
    void stopJetty() throws Exception {
        if (jetty != null) { // null when the hosts could not start
            jetty.stop();
        }
    }

    private static byte[] bytesWithZeros(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < length; i += 7) {
            bytes[i] = 0;
        }
        return bytes;
    }

    /** {@code length} chars mixing ASCII, NUL, 2-, 3- and 4-byte UTF-8 sequences. */
    private static String largeText(int length) {
        String alphabet = "abc\u0000xyz é€𝄞 0123456789";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(alphabet);
        }
        text.setLength(length);
        if (Character.isHighSurrogate(text.charAt(length - 1))) {
            text.setCharAt(length - 1, 'z');
        }
        return text.toString();
    }

    private static void assertSameText(String expected, String actual) {
        assertEquals(expected.length(), actual.length(), "length");
        assertTrue(expected.equals(actual), "content differs");
    }

    @HostTest
    @DisplayName("[WSC 4.7] JDK client: small text, including NUL and non-ASCII, echoes back unchanged")
    void jdkSmallText(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/echo"))) {
            for (String message : new String[] {"hello", "a\u0000b\u0000", "", "héllo €𝄞"}) {
                client.sendText(message);
                assertEquals(message, client.nextText());
            }
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7] JDK client: small binary with 0x00 bytes echoes back unchanged")
    void jdkSmallBinary(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/echo"))) {
            for (byte[] message : new byte[][] {{0}, {0, 0, 1, 0}, bytesWithZeros(300, 1), {}}) {
                client.sendBinary(message);
                assertArrayEquals(message, client.nextBinary());
            }
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7 maxMessageSize] JDK client: a 16 MiB binary message echoes back whole")
    void jdkLargeBinary(Host host) throws Exception {
        byte[] message = bytesWithZeros(LARGE, 2);
        try (JdkClient client = JdkClient.connect(host.wsUri("/echo"))) {
            client.sendBinary(message);
            assertArrayEquals(message, client.nextBinary());
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7 maxMessageSize] JDK client: a 16 MiB text message echoes back whole")
    void jdkLargeText(Host host) throws Exception {
        String message = largeText(LARGE);
        try (JdkClient client = JdkClient.connect(host.wsUri("/echo"))) {
            client.sendText(message);
            assertSameText(message, client.nextText());
        }
    }

    @HostTest
    @DisplayName("JDK client: 1 MiB + 1, a small text, 3 MiB in 5 fragments and 1 MiB + 1 again, back to back, echo in order")
    void largeAndSmallBackToBack(Host host) throws Exception {
        // Reads switch to larger buffers while a large frame arrives and frame borders fall inside them; the message
        // head goes into segments, the rest into the message's own array: every byte must land where it belongs.
        byte[] first = bytesWithZeros((1 << 20) + 1, 5);
        byte[] fragmented = bytesWithZeros(3 << 20, 6);
        byte[] last = bytesWithZeros((1 << 20) + 1, 7);
        try (JdkClient client = JdkClient.connect(host.wsUri("/echo"))) {
            client.sendBinary(first);
            client.sendText("between");
            int piece = fragmented.length / 5 + 1;
            for (int at = 0; at < fragmented.length; at += piece) {
                int end = Math.min(fragmented.length, at + piece);
                client.sendBinary(java.util.Arrays.copyOfRange(fragmented, at, end), end == fragmented.length);
            }
            client.sendBinary(last);
            assertArrayEquals(first, client.nextBinary());
            assertEquals("between", client.nextText());
            assertArrayEquals(fragmented, client.nextBinary());
            assertArrayEquals(last, client.nextBinary());
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7] Jetty client: small text and binary with 0x00 bytes echo back unchanged")
    void jettySmall(Host host) throws Exception {
        try (JettyClient client = JettyClient.connect(jetty, host.wsUri("/echo"))) {
            client.sendText("a\u0000b é");
            assertEquals("a\u0000b é", client.next());
            byte[] binary = bytesWithZeros(1000, 3);
            client.sendBinary(binary);
            assertArrayEquals(binary, (byte[]) client.next());
        }
    }

    @HostTest
    @DisplayName("[WSC 4.7 maxMessageSize] Jetty client: 16 MiB binary and 16 MiB text echo back whole")
    void jettyLarge(Host host) throws Exception {
        try (JettyClient client = JettyClient.connect(jetty, host.wsUri("/echo"))) {
            byte[] binary = bytesWithZeros(LARGE, 4);
            client.sendBinary(binary);
            assertArrayEquals(binary, (byte[]) client.next());
            String text = largeText(LARGE);
            client.sendText(text);
            assertSameText(text, (String) client.next());
        }
    }
}
