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
 * Where {@code onOpen} runs: on Undertow (as on Jetty) the host's thread that starts the upgraded connection runs it
 * itself instead of waking a callback thread (issue #20); everywhere it may block in sends to a peer that reads
 * slowly, and runs before any {@code onMessage}.
 */
@DisplayName("onOpen on the host's thread")
class OpenOnHostThreadTest extends HostedTest {

    @HostTest
    @DisplayName("[WSC 2.1.4 RemoteEndpoint.Basic] 4 MiB of blocking sends from onOpen to a slow reader complete; a message sent at once waits for onOpen")
    void blockingSendsFromOnOpen(Host host) throws Exception {
        // The client takes a pause before each next message, so onOpen's sends back up into TCP buffers.
        Executor later = CompletableFuture.delayedExecutor(40, TimeUnit.MILLISECONDS);
        try (JdkClient client = JdkClient.connect(host.wsUri("/open-send"), false)) {
            client.sendText("first"); // before onOpen is through: it must reach onMessage only after onOpen
            client.request(1);
            String openedOn = client.nextText();
            if (host.name().equals("undertow") || host.name().equals("jetty")) {
                assertFalse(openedOn.startsWith("wharf-callback"),
                        "onOpen was handed to a callback thread instead of running on the host's: " + openedOn);
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
