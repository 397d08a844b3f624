package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.metrics.WharfMetrics;
import dev.wharf.servlet.e2e.endpoints.MeteredEndpoint;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #21: a container's MBeans exist while its application runs, under names that keep two applications of one
 * JVM apart, and are gone once it stops; {@code dev.wharf.metrics=false} publishes nothing and serves as before.
 * Each test starts and stops its own hosts.
 */
@Tag("e2e")
@DisplayName("metrics: MBeans follow the application's life")
class MetricsLifecycleTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    static List<String> hostNames() {
        return E2eApp.hosts().stream().map(Host::name).toList();
    }

    private static Host fresh(String name) {
        return Host.allTransports().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private static WebApp app(String context, boolean metrics) {
        WebApp.Builder app = WebApp.at(context).initializer(E2eApp.initializer(), Set.of(MeteredEndpoint.class));
        if (!metrics) {
            app.initParam("dev.wharf.metrics", "false");
        }
        return app.build();
    }

    private static Set<ObjectName> beansOf(String context) throws Exception {
        return JMX.queryNames(new ObjectName("dev.wharf:context=" + context + ",*"), null);
    }

    private static void echo(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/metered"))) {
            ws.sendText("hi");
            assertEquals("hi", ws.readFrame().text());
            ws.sendClose(1000, "");
            ws.readUntilClose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostNames")
    @DisplayName("registered while the application runs, unregistered when it stops")
    void unregisteredOnStop(String name) throws Exception {
        String context = "/life-" + name;
        Host host = fresh(name).start(app(context, true));
        try {
            echo(host);
            ObjectName container = new ObjectName("dev.wharf:type=WebSocketContainer,context=" + context);
            ObjectName endpoint = new ObjectName("dev.wharf:type=WebSocketEndpoint,context=" + context
                    + ",endpoint=/metered");
            assertTrue(JMX.isRegistered(container), "container MBean");
            assertTrue(JMX.isRegistered(endpoint), "endpoint MBean");
            assertEquals(1L, JMX.getAttribute(endpoint, "TextMessagesReceived"));
        } finally {
            host.stop();
        }
        assertEquals(Set.of(), beansOf(context), "left behind after stop");
        assertFalse(WharfMetrics.containers().stream().anyMatch(c -> c.context().equals(context)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostNames")
    @DisplayName("two applications with one context path in one JVM get two names")
    void sameContextTwice(String name) throws Exception {
        String context = "/twin-" + name;
        Host first = fresh(name).start(app(context, true));
        try {
            Host second = fresh(name).start(app(context, true));
            try {
                echo(first);
                echo(second);
                assertTrue(JMX.isRegistered(new ObjectName("dev.wharf:type=WebSocketContainer,context=" + context)));
                assertTrue(JMX.isRegistered(new ObjectName("dev.wharf:type=WebSocketContainer,context=" + context
                        + ",instance=2")));
                assertEquals(4, beansOf(context).size(), "a container and an endpoint MBean each: " + beansOf(context));
            } finally {
                second.stop();
            }
            assertEquals(2, beansOf(context).size(), "the first application's remain: " + beansOf(context));
        } finally {
            first.stop();
        }
        assertEquals(Set.of(), beansOf(context));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostNames")
    @DisplayName("dev.wharf.metrics=false: nothing published, sessions served as before")
    void switchedOff(String name) throws Exception {
        String context = "/off-" + name;
        Host host = fresh(name).start(app(context, false));
        try {
            echo(host);
            assertEquals(Set.of(), beansOf(context));
            assertFalse(WharfMetrics.containers().stream().anyMatch(c -> c.context().equals(context)));
        } finally {
            host.stop();
        }
    }
}
