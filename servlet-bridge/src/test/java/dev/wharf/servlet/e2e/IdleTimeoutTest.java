package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.endpoints.Reports;
import dev.wharf.servlet.hosts.Host;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("idle timeout")
class IdleTimeoutTest extends HostedTest {

    @HostTest
    @DisplayName("[WSC 2.1.5-1 setMaxIdleTimeout] an idle session is closed within 3 s: client gets 1001, @OnClose sees 1006")
    void idleSessionIsClosed(Host host) throws Exception {
        String key = Reports.newKey();
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/idle?report=" + key))) {
            long opened = System.nanoTime();
            RawWebSocket.Frame close = ws.readUntilClose();
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            assertEquals(1001, close.closeCode(), "RFC 6455 §7.4.1: going away");
            // Stricter than a periodic sweep: a 500 ms timeout must not turn into many seconds.
            assertTrue(waitedMillis < 3_000, "closed after " + waitedMillis + " ms for a 500 ms idle timeout");
            ws.sendClose(1001, "");
        }
        assertEquals("close 1006", Reports.queue(key).poll(10, TimeUnit.SECONDS),
                "[WSC 2.1.5-1] a close the container initiates is reported locally as 1006");
    }
}
