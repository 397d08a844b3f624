package dev.wharf.servlet.tomcat;

import dev.wharf.servlet.WriteOrder;
import dev.wharf.servlet.hosts.Host;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's native transport sends writes straight to the socket channel while Tomcat holds none of the connection's
 * bytes, and everything else Tomcat's way ({@link WriteOrder}): sends that block on Tomcat's reading thread and
 * asynchronous ones resumed by Tomcat's write events must still arrive whole and in order.
 */
class TomcatWriteOrderTest {

    private static Host host;

    @BeforeAll
    static void start() throws Exception {
        host = Host.named("tomcat").start(WriteOrder.app());
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    @DisplayName("blocking sends on Tomcat's reading thread to a peer that reads late: all arrive, in order")
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
