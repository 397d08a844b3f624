package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;

/**
 * A programmatic endpoint built with {@code ServerEndpointConfig.Builder} that brings its own {@code Configurator}
 * subclass, subprotocols, decoders, encoders and user properties (spec 3.1.2-3.1.7, 2.1.2): every hook the
 * configurator overrides is the one used, and each session's user properties start as its own copy of the
 * configuration's.
 */
@DisplayName("Programmatic endpoint with its own Configurator [WSC-3.1.2 to WSC-3.1.7, WSC-2.1.2]")
class ProgrammaticConfiguratorSpecTest extends SpecHostedTest {

    static final String PATH = "/tuned";
    static final String CONFIG_ATTRIBUTE = "tuned-config";

    /** One command from the client, decoded from {@code "verb arg…"}. */
    public record Command(String verb, List<String> args) {}

    /** One reply to the client, encoded as {@code "reply:text"}. */
    public record Reply(String text) {}

    public static class CommandDecoder implements Decoder.Text<Command> {
        @Override
        public Command decode(String s) throws DecodeException {
            List<String> words = List.of(s.split(" "));
            return new Command(words.get(0), words.subList(1, words.size()));
        }

        @Override
        public boolean willDecode(String s) {
            return !s.isBlank();
        }
    }

    public static class ReplyEncoder implements Encoder.Text<Reply> {
        @Override
        public String encode(Reply reply) throws EncodeException {
            return "reply:" + reply.text();
        }
    }

    /**
     * Overrides the four hooks, each observably different from the platform default: it refuses one origin, picks
     * the client's <em>least</em> preferred supported subprotocol, adds a header and a user property during the
     * handshake, and builds endpoints through a constructor the default could not call.
     */
    public static class Tuning extends ServerEndpointConfig.Configurator {
        final Set<String> calls = new ConcurrentSkipListSet<>();
        final AtomicInteger made = new AtomicInteger();

        @Override
        public boolean checkOrigin(String origin) {
            calls.add("checkOrigin");
            return !"http://evil.example".equals(origin);
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            calls.add("getNegotiatedSubprotocol");
            for (int i = requested.size() - 1; i >= 0; i--) {
                if (supported.contains(requested.get(i))) {
                    return requested.get(i);
                }
            }
            return "";
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            calls.add("modifyHandshake");
            List<String> probe = request.getHeaders().get("X-Probe");
            sec.getUserProperties().put("probe", probe == null ? null : probe.get(0));
            response.getHeaders().put("X-Tuned", List.of("yes"));
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            calls.add("getEndpointInstance");
            return endpointClass.cast(new TunedEndpoint(this, "made #" + made.incrementAndGet()));
        }
    }

    /** Answers commands: get/put/remove a user property, the subprotocol, who made it, the hooks called so far. */
    public static class TunedEndpoint extends Endpoint {
        private final Tuning configurator;
        private final String madeBy;

        /** No no-argument constructor: only the configurator's getEndpointInstance can create one. */
        TunedEndpoint(Tuning configurator, String madeBy) {
            this.configurator = configurator;
            this.madeBy = madeBy;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(Command.class, command -> {
                List<String> a = command.args();
                String answer = switch (command.verb()) {
                    case "get" -> String.valueOf(session.getUserProperties().get(a.get(0)));
                    case "put" -> String.valueOf(session.getUserProperties().put(a.get(0), a.get(1)));
                    case "remove" -> String.valueOf(session.getUserProperties().remove(a.get(0)));
                    case "keys" -> new TreeSet<>(session.getUserProperties().keySet()).toString();
                    case "subprotocol" -> session.getNegotiatedSubprotocol();
                    case "made" -> madeBy;
                    case "calls" -> configurator.calls.toString();
                    default -> "unknown " + command.verb();
                };
                try {
                    session.getBasicRemote().sendObject(new Reply(answer));
                } catch (IOException | EncodeException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** Deploys the tuned endpoint with a fresh configuration per application, kept for {@link ConfigProperties}. */
    public static class Deployer implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(TunedEndpoint.class, PATH)
                    .configurator(new Tuning())
                    .subprotocols(List.of("alpha", "beta", "gamma"))
                    .decoders(List.of(CommandDecoder.class))
                    .encoders(List.of(ReplyEncoder.class))
                    .build();
            config.getUserProperties().put("color", "blue");
            config.getUserProperties().put("size", "10");
            event.getServletContext().setAttribute(CONFIG_ATTRIBUTE, config);
            try {
                container.addEndpoint(config);
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Shows the deployed configuration's user properties, sorted. */
    public static class ConfigProperties extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServerEndpointConfig config = (ServerEndpointConfig) getServletContext().getAttribute(CONFIG_ATTRIBUTE);
            resp.getWriter().print(new TreeMap<>(config.getUserProperties()));
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer())
                .listener(new Deployer())
                .servlet("config-properties", new ConfigProperties(), "/config-properties")
                .build();
    }

    @OnHosts
    @DisplayName("[WSC-3.1.4-1, WSC-3.1.5-1] the configurator's checkOrigin refuses with 403; its modifyHandshake"
            + " adds a response header")
    void originAndHandshakeHooks(Host host) throws Exception {
        RawHandshake.Response refused = RawHandshake.to(host.wsUri(PATH)).header("Origin", "http://evil.example")
                .send();
        assertEquals(403, refused.status());
        assertEquals(1, refused.body().strip().lines().count(), refused.body());
        RawHandshake.Response accepted = RawHandshake.to(host.wsUri(PATH)).header("Origin", "http://good.example")
                .send();
        assertEquals(101, accepted.status());
        assertEquals("yes", accepted.header("X-Tuned"));
    }

    @OnHosts
    @DisplayName("[WSC-3.1.7-1] every hook of the configurator runs; getEndpointInstance makes the endpoint")
    void hooksRun(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri(PATH))) {
            assertEquals("reply:[checkOrigin, getEndpointInstance, getNegotiatedSubprotocol, modifyHandshake]",
                    ws.ask("calls"));
            String first = ws.ask("made");
            assertEquals(true, first.startsWith("reply:made #"), first);
            try (Ws next = Ws.connect(host.wsUri(PATH))) {
                assertFalse(first.equals(next.ask("made")), "a new instance per connection");
            }
        }
    }

    @OnHosts
    @DisplayName("[WSC-3.1.2] the configurator's subprotocol reaches the handshake response and the Session")
    void configuratorChoosesTheSubprotocol(Host host) throws Exception {
        // the default would take "beta", the client's first choice; this configurator takes the last one it supports
        try (Ws ws = Ws.connect(host.wsUri(PATH), "beta", "x", "gamma", "y")) {
            assertEquals("gamma", ws.subprotocol());
            assertEquals("reply:gamma", ws.ask("subprotocol"));
        }
        RawHandshake.Response raw = RawHandshake.to(host.wsUri(PATH))
                .header("Sec-WebSocket-Protocol", "alpha, beta").send();
        assertEquals(101, raw.status());
        assertEquals("beta", raw.header("Sec-WebSocket-Protocol"));
        try (Ws ws = Ws.connect(host.wsUri(PATH), "x")) {
            assertEquals("", ws.subprotocol());
            assertEquals("reply:", ws.ask("subprotocol"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-3.1.5, WSC-2.1.2] each session's user properties start as a copy of the configuration's,"
            + " with modifyHandshake's changes; a session's changes reach neither the next session nor the config")
    void userPropertiesAreAPerSessionCopy(Host host) throws Exception {
        try (Ws a = Ws.connectWithHeader(host.wsUri(PATH), "X-Probe", "first")) {
            assertEquals("reply:[color, probe, size]", a.ask("keys"));
            assertEquals("reply:blue", a.ask("get color"));
            assertEquals("reply:first", a.ask("get probe"));
            assertEquals("reply:blue", a.ask("put color red"));
            assertEquals("reply:10", a.ask("remove size"));
            assertEquals("reply:null", a.ask("put mark a"));
            assertEquals("reply:[color, mark, probe]", a.ask("keys"));
            assertEquals("reply:red", a.ask("get color"));
            try (Ws b = Ws.connectWithHeader(host.wsUri(PATH), "X-Probe", "second")) {
                assertEquals("reply:[color, probe, size]", b.ask("keys"));
                assertEquals("reply:blue", b.ask("get color"));
                assertEquals("reply:10", b.ask("get size"));
                assertEquals("reply:second", b.ask("get probe"));
                assertEquals("reply:null", b.ask("get mark"));
            }
            assertEquals("reply:first", a.ask("get probe"));
        }
        HttpResponse<String> config = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(host.httpUri("/config-properties")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("{color=blue, size=10}", config.body());
    }
}
