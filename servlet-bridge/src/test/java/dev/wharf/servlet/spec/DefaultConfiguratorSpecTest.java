package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/**
 * What the platform default {@code ServerEndpointConfig.Configurator} does and does not do to a handshake
 * (spec 3.1.4, 3.1.5), and that a configurator's {@code getEndpointInstance} is asked once per connection (3.1.7).
 */
@DisplayName("Default configurator and endpoint creation [WSC-3.1.4-1, WSC-3.1.5-1, WSC-3.1.7-1]")
class DefaultConfiguratorSpecTest extends SpecHostedTest {

    @ServerEndpoint("/plain")
    public static class Plain {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    /** Counts its getEndpointInstance calls and creates the instance the default way. */
    public static class Counting extends ServerEndpointConfig.Configurator {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            CALLS.incrementAndGet();
            return super.getEndpointInstance(endpointClass);
        }
    }

    @ServerEndpoint(value = "/counted", configurator = Counting.class)
    public static class Counted {
        @OnMessage
        public String echo(String text) {
            return "counted " + text;
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Plain.class, Counted.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-3.1.5-1] the default adds nothing to the 101: only Sec-WebSocket-Accept, no cookie, no echo")
    void defaultAddsNothing(Host host) throws Exception {
        RawHandshake.Response response = RawHandshake.to(host.wsUri("/plain?q=1"))
                .header("X-Probe", "probe").header("Sec-WebSocket-Protocol", "chat").header("Cookie", "a=b").send();
        assertEquals(101, response.status());
        Map<String, List<String>> webSocketHeaders = response.headers().entrySet().stream()
                .filter(e -> e.getKey().toLowerCase().startsWith("sec-websocket-"))
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue));
        assertEquals(List.of("sec-websocket-accept"), List.copyOf(webSocketHeaders.keySet()), response.headers()
                .toString());
        assertNull(response.header("Set-Cookie"));
        assertNull(response.header("X-Probe"));
    }

    @OnHosts
    @DisplayName("[WSC-3.1.4-1] the default origin check fails an Origin whose host is not the one addressed (403),"
            + " passes the same host on any port, and a handshake without Origin")
    void defaultOriginCheckVerifiesTheHost(Host host) throws Exception {
        String addressed = host.wsUri("/plain").getHost();
        RawHandshake.Response refused = RawHandshake.to(host.wsUri("/plain"))
                .header("Origin", "http://elsewhere.example").send();
        assertEquals(403, refused.status());
        assertEquals(403, RawHandshake.to(host.wsUri("/plain")).header("Origin", "null").send().status());
        assertEquals(101, RawHandshake.to(host.wsUri("/plain")).header("Origin", "http://" + addressed + ":1")
                .send().status());
        assertEquals(101, RawHandshake.to(host.wsUri("/plain")).send().status());
    }

    @OnHosts
    @DisplayName("[WSC-3.1.7-1] the configurator's getEndpointInstance is called for each new connection")
    void getEndpointInstancePerConnection(Host host) throws Exception {
        int before = Counting.CALLS.get();
        for (int i = 1; i <= 3; i++) {
            try (Ws ws = Ws.connect(host.wsUri("/counted"))) {
                assertEquals("counted " + i, ws.ask(String.valueOf(i)));
            }
            assertEquals(before + i, Counting.CALLS.get());
        }
    }
}
