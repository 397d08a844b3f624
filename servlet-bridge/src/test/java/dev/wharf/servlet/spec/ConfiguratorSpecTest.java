package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/**
 * {@code ServerEndpointConfig.Configurator} (spec 3.1.2-3.1.7) through custom configurator classes named by
 * {@code @ServerEndpoint(configurator=…)}, and the platform default.
 */
@DisplayName("Server configuration and Configurator [WSC-3.1.2 to WSC-3.1.7]")
class ConfiguratorSpecTest extends SpecHostedTest {

    public static class OriginCheck extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String origin) {
            return "http://good.example".equals(origin);
        }
    }

    @ServerEndpoint(value = "/origin", configurator = OriginCheck.class)
    public static class Origin {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    /** Records what modifyHandshake saw in the connection's user properties, and adds a response header. */
    public static class Recording extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            Map<String, Object> seen = sec.getUserProperties();
            seen.put("header", request.getHeaders().get("X-Probe"));
            seen.put("header-any-case", request.getHeaders().get("x-probe"));
            seen.put("params", new TreeMap<>(request.getParameterMap()).toString());
            seen.put("query", request.getQueryString());
            seen.put("uri", request.getRequestURI().toString());
            seen.put("principal", request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName());
            seen.put("inRole", request.isUserInRole("chief"));
            seen.put("httpSession", request.getHttpSession() != null);
            response.getHeaders().put("X-Handshake-Seen", List.of("yes"));
        }
    }

    @ServerEndpoint(value = "/handshake", configurator = Recording.class)
    public static class Handshake {
        @OnMessage
        public String property(Session session, String name) {
            return String.valueOf(session.getUserProperties().get(name));
        }
    }

    @ServerEndpoint(value = "/secure/handshake", configurator = Recording.class)
    public static class SecureHandshake extends Handshake {
        @Override
        @OnMessage
        public String property(Session session, String name) {
            return super.property(session, name);
        }
    }

    /** Keeps the request object itself, reading nothing from it during the handshake. */
    public static class Keeping extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            sec.getUserProperties().put("request", request);
        }
    }

    /** Reads the kept request's headers only after the upgrade, when the host's request object is gone. */
    @ServerEndpoint(value = "/kept-request", configurator = Keeping.class)
    public static class KeptRequest {
        @OnMessage
        public String header(Session session, String name) {
            HandshakeRequest request = (HandshakeRequest) session.getUserProperties().get("request");
            return String.valueOf(request.getHeaders().get(name));
        }
    }

    @ServerEndpoint(value = "/subprotocols", subprotocols = {"v1", "v2", "v3"})
    public static class Subprotocols {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("[" + session.getNegotiatedSubprotocol() + "]");
        }
    }

    @ServerEndpoint("/extensions")
    public static class Extensions {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText(session.getNegotiatedExtensions().stream().map(Extension::getName)
                    .collect(Collectors.joining(",", "[", "]")));
        }
    }

    public static class NoExtensions extends ServerEndpointConfig.Configurator {
        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of();
        }
    }

    @ServerEndpoint(value = "/no-extensions", configurator = NoExtensions.class)
    public static class NoExtensionsEndpoint extends Extensions {
        @Override
        @OnOpen
        public void open(Session session) throws IOException {
            super.open(session);
        }
    }

    /** Counts messages per instance: a fresh instance starts at 1. */
    @ServerEndpoint("/instances")
    public static class Instances {
        private int count;

        @OnMessage
        public synchronized String count(String ignored) {
            return String.valueOf(++count);
        }
    }

    public static class Singleton extends ServerEndpointConfig.Configurator {
        private static final SingletonEndpoint INSTANCE = new SingletonEndpoint();

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(INSTANCE);
        }
    }

    @ServerEndpoint(value = "/singleton", configurator = Singleton.class)
    public static class SingletonEndpoint extends Instances {
        @Override
        @OnMessage
        public synchronized String count(String ignored) {
            return super.count(ignored);
        }
    }

    /** Marks the connection's user properties and the endpoint configuration's; reports what it found first. */
    @ServerEndpoint("/properties")
    public static class Properties {
        @OnOpen
        public void open(Session session, EndpointConfig config) throws IOException {
            String before = session.getUserProperties().get("mark") + "/" + config.getUserProperties().get("mark");
            session.getUserProperties().put("mark", "set");
            config.getUserProperties().put("mark", "set");
            session.getBasicRemote().sendText(before);
        }
    }

    /** Creates an HTTP session and answers with its id, for the handshake's getHttpSession. */
    public static class SessionServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print(req.getSession(true).getId());
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Origin.class, Handshake.class,
                        SecureHandshake.class, Subprotocols.class, Extensions.class, NoExtensionsEndpoint.class,
                        Instances.class, SingletonEndpoint.class, Properties.class, KeptRequest.class)
                .servlet("session", new SessionServlet(), "/http-session")
                .user("ada", "secret", "chief")
                .user("bob", "secret", "staff")
                .protect("/secure/*", "chief", "staff")
                .build();
    }

    @OnHosts
    @DisplayName("[WSC-3.1.4-1] checkOrigin false: 403 with a one-line body; true: 101")
    void originCheck(Host host) throws Exception {
        RawHandshake.Response refused = RawHandshake.to(host.wsUri("/origin")).header("Origin", "http://evil.example")
                .send();
        assertEquals(403, refused.status());
        assertFalse(refused.body().isBlank(), "a reason in the body");
        assertEquals(1, refused.body().strip().lines().count(), refused.body());
        assertEquals(101, RawHandshake.to(host.wsUri("/origin")).header("Origin", "http://good.example").send()
                .status());
    }

    @OnHosts
    @DisplayName("[WSC-3.1.5-1] modifyHandshake sees headers, parameters, query and URI; its response headers arrive")
    void modifyHandshakeSeesTheRequest(Host host) throws Exception {
        RawHandshake.Response response = RawHandshake.to(host.wsUri("/handshake?a=1&b=2&a=3"))
                .header("X-Probe", "probe-value").send();
        assertEquals(101, response.status());
        assertEquals("yes", response.header("X-Handshake-Seen"));

        URI uri = host.wsUri("/handshake?a=1&b=2&a=3");
        try (Ws ws = Ws.connectWithHeader(uri, "X-Probe", "probe-value")) {
            assertEquals("[probe-value]", ws.ask("header"));
            assertEquals("[probe-value]", ws.ask("header-any-case"));
            assertEquals("{a=[1, 3], b=[2]}", ws.ask("params"));
            assertEquals("a=1&b=2&a=3", ws.ask("query"));
            assertEquals(uri.toString(), ws.ask("uri"));
            assertEquals("null", ws.ask("principal"));
            assertEquals("false", ws.ask("inRole"));
            assertEquals("false", ws.ask("httpSession"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-3.1.5-1] a HandshakeRequest kept by modifyHandshake still has its headers after the upgrade")
    void keptHandshakeRequestKeepsItsHeaders(Host host) throws Exception {
        try (Ws ws = Ws.connectWithHeader(host.wsUri("/kept-request"), "X-Probe", "kept-value")) {
            assertEquals("[kept-value]", ws.ask("X-Probe"));
            assertEquals("[kept-value]", ws.ask("x-probe"));
        }
    }

    @OnHosts
    @DisplayName("[HandshakeRequest] user principal, isUserInRole after BASIC authentication")
    void modifyHandshakeSeesTheUser(Host host) throws Exception {
        String ada = "Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes());
        try (Ws ws = Ws.connectWithHeader(host.wsUri("/secure/handshake"), "Authorization", ada)) {
            assertEquals("ada", ws.ask("principal"));
            assertEquals("true", ws.ask("inRole"));
        }
        String bob = "Basic " + Base64.getEncoder().encodeToString("bob:secret".getBytes());
        try (Ws ws = Ws.connectWithHeader(host.wsUri("/secure/handshake"), "Authorization", bob)) {
            assertEquals("bob", ws.ask("principal"));
            assertEquals("false", ws.ask("inRole"));
        }
    }

    @OnHosts
    @DisplayName("[HandshakeRequest.getHttpSession] the HTTP session of the handshake's cookie")
    void modifyHandshakeSeesTheHttpSession(Host host) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(host.httpUri("/http-session")).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = created.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        try (Ws ws = Ws.connectWithHeader(host.wsUri("/handshake"), "Cookie", cookie)) {
            assertEquals("true", ws.ask("httpSession"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-3.1.2-1] the subprotocol is the client's most preferred one the endpoint supports")
    void subprotocolInClientOrder(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/subprotocols"), "x", "v3", "v1")) {
            assertEquals("v3", ws.subprotocol());
            assertEquals("[v3]", ws.nextText());
        }
        try (Ws ws = Ws.connect(host.wsUri("/subprotocols"), "v2", "v3")) {
            assertEquals("[v2]", ws.nextText());
        }
        try (Ws ws = Ws.connect(host.wsUri("/subprotocols"), "x")) {
            assertEquals("", ws.subprotocol());
            assertEquals("[]", ws.nextText());
        }
        RawHandshake.Response none = RawHandshake.to(host.wsUri("/subprotocols"))
                .header("Sec-WebSocket-Protocol", "y, z").send();
        assertEquals(101, none.status());
        assertNull(none.header("Sec-WebSocket-Protocol"));
    }

    @OnHosts
    @DisplayName("[WSC-3.1.3-1] only installed extensions the client asked for are agreed; a configurator may refuse all")
    void extensions(Host host) throws Exception {
        RawHandshake.Response agreed = RawHandshake.to(host.wsUri("/extensions"))
                .header("Sec-WebSocket-Extensions", "x-unknown; a=1, permessage-deflate").send();
        assertEquals(101, agreed.status());
        assertNotNull(agreed.header("Sec-WebSocket-Extensions"));
        assertTrue(agreed.header("Sec-WebSocket-Extensions").startsWith("permessage-deflate"), agreed.headers()
                .toString());
        assertFalse(agreed.header("Sec-WebSocket-Extensions").contains("x-unknown"));
        RawHandshake.Response refused = RawHandshake.to(host.wsUri("/no-extensions"))
                .header("Sec-WebSocket-Extensions", "permessage-deflate").send();
        assertEquals(101, refused.status());
        assertNull(refused.header("Sec-WebSocket-Extensions"));
        try (Ws ws = Ws.connect(host.wsUri("/extensions"))) {
            assertEquals("[]", ws.nextText()); // the JDK client offers no extension
        }
    }

    @OnHosts
    @DisplayName("[WSC-3.1.7-1, WSC-3.1.7-2] one endpoint instance per connection; a configurator may share one")
    void endpointInstances(Host host) throws Exception {
        try (Ws a = Ws.connect(host.wsUri("/instances")); Ws b = Ws.connect(host.wsUri("/instances"))) {
            assertEquals("1", a.ask("x"));
            assertEquals("2", a.ask("x"));
            assertEquals("1", b.ask("x"));
        }
        try (Ws a = Ws.connect(host.wsUri("/singleton")); Ws b = Ws.connect(host.wsUri("/singleton"))) {
            int first = Integer.parseInt(a.ask("x"));
            assertEquals(first + 1, Integer.parseInt(b.ask("x")));
        }
    }

    @OnHosts
    @DisplayName("[WSC-3.1.5] user properties are a per-connection copy of the endpoint configuration's")
    void userPropertiesPerConnection(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/properties"))) {
            assertEquals("null/null", ws.nextText());
        }
        try (Ws ws = Ws.connect(host.wsUri("/properties"))) {
            assertEquals("null/null", ws.nextText());
        }
    }
}
