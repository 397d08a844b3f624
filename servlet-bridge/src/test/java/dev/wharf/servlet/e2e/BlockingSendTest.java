package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wharf.servlet.e2e.endpoints.BulkEndpoint;
import dev.wharf.servlet.e2e.endpoints.CrossEndpoint;
import dev.wharf.servlet.e2e.endpoints.Reports;
import dev.wharf.servlet.hosts.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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

    /**
     * Two sessions whose callbacks send to each other, blocking, while neither peer reads yet. Where the reading
     * thread runs callbacks and holds its socket while it does (Tomcat), each callback's send can finish only if it
     * writes the other socket itself: waiting for the other socket's write event would wait for the other reader,
     * which waits for this one. Both must finish once the peers read, well within the blocking send timeout.
     */
    @HostTest
    @DisplayName("[Design principle 2] callbacks sending to each other's slow peers, blocking, both finish")
    void crossedBlockingSendsFinish(Host host) throws Exception {
        String key = Reports.newKey();
        int count = 6; // 24 MiB each way: more than the kernel buffers take for a peer that does not read
        try (JdkClient a = JdkClient.connect(host.wsUri("/cross?report=" + key), false);
                JdkClient b = JdkClient.connect(host.wsUri("/cross?report=" + key), false)) {
            BlockingQueue<String> reports = Reports.queue(key);
            a.sendText(Integer.toString(count));
            b.sendText(Integer.toString(count));
            List<String> seen = new ArrayList<>();
            while (seen.stream().filter("sending"::equals).count() < 2) {
                String report = reports.poll(10, TimeUnit.SECONDS);
                assertNotNull(report, "both callbacks started sending: " + seen);
                seen.add(report);
            }
            for (int i = 0; i < count; i++) {
                for (JdkClient client : List.of(a, b)) {
                    client.request(1);
                    byte[] message = client.nextBinary();
                    assertEquals(CrossEndpoint.SIZE, message.length);
                    assertEquals((byte) i, message[0]);
                    assertEquals((byte) i, message[message.length - 1]);
                }
            }
            while (seen.size() < 4) {
                String report = reports.poll(10, TimeUnit.SECONDS);
                assertNotNull(report, "both callbacks finished sending: " + seen);
                seen.add(report);
            }
            assertEquals(2, seen.stream().filter("sent"::equals).count(), seen.toString());
        }
    }
}
