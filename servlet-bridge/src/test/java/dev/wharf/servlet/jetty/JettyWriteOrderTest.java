package dev.wharf.servlet.jetty;

import dev.wharf.servlet.WriteOrder;
import dev.wharf.servlet.hosts.Host;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On Jetty's native hand-over a write goes straight to the plain socket channel, and what the socket does not take
 * goes Jetty's way ({@code EndPoint.write}), which waits for room ({@link WriteOrder}): sends that block on Jetty's
 * reading thread and asynchronous ones completed from Jetty's selector must still arrive whole and in order, and a
 * direct write must never start while Jetty still holds the rest of the previous one.
 */
class JettyWriteOrderTest {

    private static Host host;

    @BeforeAll
    static void start() throws Exception {
        host = Host.named("jetty").start(WriteOrder.app());
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    @DisplayName("blocking sends on Jetty's reading thread to a peer that reads late: all arrive, in order")
    void blockingSendsArriveInOrder() throws Exception {
        WriteOrder.streamTo(host, "blocking");
    }

    @Test
    @DisplayName("asynchronous sends to a peer that reads late: all arrive, in order")
    void asyncSendsArriveInOrder() throws Exception {
        WriteOrder.streamTo(host, "async");
    }

    @Test
    @DisplayName("a close after a write the socket took only part of: the write arrives whole, then the close")
    void closeFollowsPartialWrite() throws Exception {
        WriteOrder.closeAfterPartialWrite(host);
    }
}
