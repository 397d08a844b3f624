package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.hosts.Host;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("many concurrent sessions")
class ConcurrencyTest extends HostedTest {

    private static final int SESSIONS = 200;
    private static final int MESSAGES = 50;

    @HostTest
    @DisplayName("[WSC 5.1, Design principle 2] 200 sessions x 50 messages: every echo arrives, in order")
    void twoHundredSessionsEchoInOrder(Host host) throws Exception {
        // Default limits: the point is concurrency and ordering, not the 32 MiB budget of /echo.
        URI uri = host.wsUri("/plain-echo");
        List<CompletableFuture<JdkClient>> connecting = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            connecting.add(JdkClient.connectAsync(uri));
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<JdkClient> clients = connecting.stream().map(CompletableFuture::join).toList();
        try {
            List<CompletableFuture<WebSocket>> sending = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                JdkClient client = clients.get(s);
                CompletableFuture<WebSocket> chain = CompletableFuture.completedFuture(client.ws());
                for (int m = 0; m < MESSAGES; m++) {
                    String message = "s" + s + "-m" + m;
                    chain = chain.thenCompose(ws -> ws.sendText(message, true));
                }
                sending.add(chain);
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int s = 0; s < SESSIONS; s++) {
                for (int m = 0; m < MESSAGES; m++) {
                    assertEquals("s" + s + "-m" + m, clients.get(s).nextText());
                }
            }
        } finally {
            clients.forEach(JdkClient::close);
        }
    }
}
