package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.e2e.endpoints.BulkEndpoint;
import dev.wharf.servlet.hosts.Host;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("blocking sends from @OnMessage")
class BlockingSendTest extends HostedTest {

    @HostTest
    @DisplayName("[WSC 2.1.4 RemoteEndpoint.Basic] three blocking replies per message, in order")
    void threeBlockingRepliesPerMessage(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/triple"))) {
            for (int m = 0; m < 20; m++) {
                client.sendText("m" + m);
            }
            for (int m = 0; m < 20; m++) {
                for (int i = 1; i <= 3; i++) {
                    assertEquals("m" + m + "#" + i, client.nextText());
                }
            }
        }
    }

    @HostTest
    @DisplayName("[Design principle 2] 1 MiB blocking replies to a slow reader complete without deadlock")
    void largeBlockingRepliesToSlowReader(Host host) throws Exception {
        int count = 16;
        // The client takes a pause before each next message, so the server's sends back up into TCP buffers.
        Executor later = CompletableFuture.delayedExecutor(40, TimeUnit.MILLISECONDS);
        try (JdkClient client = JdkClient.connect(host.wsUri("/bulk"), false)) {
            for (int round = 0; round < 2; round++) {
                client.sendText(Integer.toString(count));
                for (int i = 0; i < count; i++) {
                    byte[] message = client.nextBinary();
                    assertEquals(BulkEndpoint.SIZE, message.length);
                    assertEquals((byte) i, message[0]);
                    assertEquals((byte) i, message[message.length - 1]);
                    later.execute(() -> client.request(1));
                }
                assertEquals("done", client.nextText());
                client.request(1);
            }
        }
    }
}
