package dev.wharf.servlet;

import dev.wharf.servlet.hosts.Host;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On the hosts whose native transports write straight to the plain socket channel ({@link DirectWrite}) and leave
 * what the socket does not take to the host (Jetty's {@code EndPoint.write}, Tomcat's socket wrapper), which waits
 * for room ({@link WriteOrder}): sends that block on the host's reading thread and asynchronous ones completed from
 * the host's threads must still arrive whole and in order, and a direct write must never start while the host still
 * holds the rest of the previous one.
 */
class WriteOrderTest {

    private static final List<Host> HOSTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (String name : List.of("jetty", "tomcat")) {
            HOSTS.add(Host.named(name).start(WriteOrder.app()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Host host : HOSTS) {
            host.close();
        }
    }

    static List<Host> hosts() {
        return HOSTS;
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("hosts")
    @DisplayName("blocking sends on the host's reading thread to a peer that reads late: all arrive, in order")
    void blockingSendsArriveInOrder(Host host) throws Exception {
        WriteOrder.streamTo(host, "blocking");
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("hosts")
    @DisplayName("asynchronous sends to a peer that reads late: all arrive, in order")
    void asyncSendsArriveInOrder(Host host) throws Exception {
        WriteOrder.streamTo(host, "async");
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("hosts")
    @DisplayName("a close after a write the socket took only part of: the write arrives whole, then the close")
    void closeFollowsPartialWrite(Host host) throws Exception {
        WriteOrder.closeAfterPartialWrite(host);
    }
}
