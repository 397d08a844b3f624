package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;

/**
 * {@code HandshakeRequest.getParameterMap()} holds the URI template's path parameters as well as the query
 * parameters (the official TCK's {@code server.handshakerequest} tests, issue #14 group F), and the session's
 * {@code getRequestParameterMap()} is the same map.
 */
@DisplayName("HandshakeRequest.getParameterMap: path and query parameters [WSC-3.1.1, HandshakeRequest]")
class HandshakeParameterMapSpecTest extends SpecHostedTest {

    /** Copies the parameter map into response headers named {@code p-<name>}, one value per header line. */
    public static class ParametersToHeaders extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            request.getParameterMap().forEach((name, values) -> response.getHeaders().put("p-" + name, values));
        }
    }

    @ServerEndpoint(value = "/params/{first}/{second}", configurator = ParametersToHeaders.class)
    public static class Params {
        @OnMessage
        public String parameters(String ignored, Session session) {
            return new TreeMap<>(session.getRequestParameterMap()).toString();
        }
    }

    @ServerEndpoint(value = "/plain", configurator = ParametersToHeaders.class)
    public static class Plain {
        @OnMessage
        public String parameters(String ignored, Session session) {
            return new TreeMap<>(session.getRequestParameterMap()).toString();
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Params.class, Plain.class).build();
    }

    @OnHosts
    @DisplayName("two path parameters appear as one-value lists, without a query")
    void pathParameters(Host host) throws Exception {
        RawHandshake.Response r = RawHandshake.to(host.wsUri("/params/123/123.456")).send();
        assertEquals(101, r.status());
        assertEquals("123", r.header("p-first"));
        assertEquals("123.456", r.header("p-second"));
    }

    @OnHosts
    @DisplayName("path and query parameters together; a query value of a path variable's name follows the segment")
    void pathAndQueryParameters(Host host) throws Exception {
        RawHandshake.Response r = RawHandshake.to(host.wsUri("/params/a%20b/x?third=3&third=33&first=q")).send();
        assertEquals(101, r.status());
        assertEquals(List.of("a b", "q"), List.of(r.header("p-first").split(", ")));
        assertEquals("x", r.header("p-second"));
        assertEquals(List.of("3", "33"), List.of(r.header("p-third").split(", ")));
    }

    @OnHosts
    @DisplayName("the session's getRequestParameterMap is the handshake's map")
    void sessionSeesTheSameMap(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/params/one/two?q=v"))) {
            assertEquals("{first=[one], q=[v], second=[two]}", ws.ask("?"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/plain"))) {
            assertEquals("{}", ws.ask("?"));
        }
    }
}
