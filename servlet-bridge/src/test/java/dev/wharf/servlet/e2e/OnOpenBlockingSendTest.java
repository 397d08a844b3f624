package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wharf.servlet.e2e.endpoints.OpenSendEndpoint;
import dev.wharf.servlet.hosts.Host;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

/**
 * {@code onOpen} may block in sends to a peer that reads slowly, on every host, and runs before any
 * {@code onMessage}. On Jetty the thread that starts the connection runs it (no callback thread woken). On Undertow
 * it must not: session 9 tried running it on Undertow's worker thread inside {@code HttpUpgradeHandler.init} (issue
 * #20, one wake-up less per handshake), and a send that outgrew the socket buffers there never completed, Undertow
 * delivering no write-possible event until {@code init} returned; this test caught it (16 MiB, a slow reader).
 */
@DisplayName("blocking sends from onOpen")
class OnOpenBlockingSendTest extends HostedTest {

    @HostTest
    @DisplayName("[WSC 2.1.4 RemoteEndpoint.Basic] 16 MiB of blocking sends from onOpen to a slow reader complete; a message sent at once waits for onOpen")
    void blockingSendsFromOnOpen(Host host) throws Exception {
        // The client takes a pause before each next message, so onOpen's sends back up into TCP buffers.
        Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
        try (JdkClient client = JdkClient.connect(host.wsUri("/open-send"), false)) {
            client.sendText("first"); // before onOpen is through: it must reach onMessage only after onOpen
            client.request(1);
            String openedOn = client.nextText();
            if (host.name().equals("jetty")) {
                assertFalse(openedOn.startsWith("wharf-callback"),
                        "on Jetty the reading thread runs onOpen; it was handed to a callback thread: " + openedOn);
            }
            for (int i = 0; i < OpenSendEndpoint.COUNT; i++) {
                later.execute(() -> client.request(1));
                byte[] message = client.nextBinary();
                assertEquals(OpenSendEndpoint.SIZE, message.length);
                assertEquals((byte) i, message[0]);
                assertEquals((byte) i, message[message.length - 1]);
            }
            client.request(1);
            assertEquals("first", client.nextText(), "the message sent before onOpen ended, after onOpen's");
        }
    }
}
