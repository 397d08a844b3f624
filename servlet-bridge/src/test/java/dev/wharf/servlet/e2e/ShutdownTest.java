package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.hosts.Host;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Not a {@link HostedTest}: every case stops its own host. */
@Tag("e2e")
@DisplayName("application shutdown")
class ShutdownTest {

    static List<Host> hosts() {
        return E2eApp.hosts();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    @DisplayName("[WSC 2.1.5, RFC 6455 §7.4.1] stopping the application closes open sessions with 1001")
    void stoppingTheAppClosesSessionsWith1001(Host host) throws Exception {
        try (host) {
            host.start(E2eApp.build());
            try (RawWebSocket raw = RawWebSocket.connect(host.wsUri("/echo"));
                    JdkClient jdk = JdkClient.connect(host.wsUri("/echo"))) {
                raw.sendText("warm-up");
                assertEquals("warm-up", raw.readFrame().text());

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                    try {
                        host.stop();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                RawWebSocket.Frame close = raw.readUntilClose();
                assertEquals(1001, close.closeCode());
                try {
                    raw.sendClose(1001, "");
                } catch (java.io.IOException alreadyGone) {
                    // the server may not wait for the reply while shutting down
                }
                assertEquals(1001, jdk.awaitClose().code());
                stopping.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
