package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;

/**
 * Programmatic endpoints (spec 2.1.1, 6.2, 6.4): {@code ServerContainer.addEndpoint} from a
 * {@code ServletContextListener} and after start-up, {@code ServerApplicationConfig}, duplicate paths, and
 * {@code upgradeHttpToWebSocket} for frameworks that route requests themselves.
 */
@DisplayName("Programmatic deployment [WSC-2.1.1, WSC-3.1.1-2, WSC-6.2, WSC-6.4, ServerContainer]")
class ProgrammaticDeploymentSpecTest extends SpecHostedTest {

    /** What the listener's and servlets' deployment attempts answered, per host context. */
    static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

    /** Replies with a greeting naming the path it was deployed at and its path parameters. */
    public static class Greeter extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            String where = ((ServerEndpointConfig) config).getPath() + " " + session.getPathParameters();
            session.addMessageHandler(String.class, text -> {
                try {
                    session.getBasicRemote().sendText(where + " " + text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** Scanned, and deployed only because the application config returns it. */
    @ServerEndpoint("/kept")
    public static class Kept {
        @OnMessage
        public String echo(String s) {
            return "kept " + s;
        }
    }

    /** Scanned, but left out by the application config: must not be deployed [WSC-6.2-5]. */
    @ServerEndpoint("/dropped")
    public static class Dropped extends Kept {
        @Override
        @OnMessage
        public String echo(String s) {
            return "dropped " + s;
        }
    }

    /** Deployed both by scan (through the config) and by the listener: deployed once, no error (spec 6.4). */
    @ServerEndpoint("/twice")
    public static class Twice extends Kept {
        @Override
        @OnMessage
        public String echo(String s) {
            return "twice " + s;
        }
    }

    public static class AppConfig implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            OUTCOMES.put("scanned programmatic", String.valueOf(scanned.contains(Greeter.class)));
            return Set.of(ServerEndpointConfig.Builder.create(Greeter.class, "/from-config/{id}").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            OUTCOMES.put("scanned annotated", String.valueOf(scanned.containsAll(Set.of(Kept.class, Dropped.class))));
            return Set.of(Kept.class, Twice.class);
        }
    }

    public static class Deployer implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute("jakarta.websocket.server.ServerContainer");
            OUTCOMES.put("listener " + event.getServletContext().getContextPath() + System.identityHashCode(event
                    .getServletContext()), "seen");
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(Greeter.class, "/listener").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
            // Failing deployments are tried once the application runs (DuplicateDeployer): here they would halt the
            // application's whole WebSocket deployment [WSC-5.2.1-3], see ListenerDeploymentErrorSpecTest.
            attempt("twice", () -> container.addEndpoint(Twice.class));
        }

        private interface Deployment {
            void run() throws DeploymentException;
        }

        private static void attempt(String name, Deployment deployment) {
            try {
                deployment.run();
                OUTCOMES.merge(name, "deployed", (a, b) -> a + "," + b);
            } catch (DeploymentException e) {
                OUTCOMES.merge(name, "DeploymentException: " + e.getMessage(), (a, b) -> a + "," + b);
            }
        }
    }

    /** Deploys /late/{n} on request, after the application has started (allowed since 2.1). */
    public static class LateDeployer extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServerContainer container = (ServerContainer) getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(Greeter.class, "/late/{n}").build());
                resp.getWriter().print("deployed");
            } catch (DeploymentException e) {
                resp.getWriter().print("DeploymentException: " + e.getMessage());
            }
        }
    }

    /** Tries a duplicate and an equivalent path once the application runs; answers both outcomes, one a line. */
    public static class DuplicateDeployer extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServerContainer container = (ServerContainer) getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            for (String path : List.of("/listener", "/from-config/{other}")) {
                try {
                    container.addEndpoint(ServerEndpointConfig.Builder.create(Greeter.class, path).build());
                    resp.getWriter().println("deployed");
                } catch (DeploymentException e) {
                    resp.getWriter().println("DeploymentException: " + e.getMessage().replace('\n', ' '));
                }
            }
        }
    }

    /** A framework's own router: upgrades /framework/* itself with path parameters it parsed. */
    public static class Router extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServerContainer container = (ServerContainer) getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            String rest = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Greeter.class, "/framework/{item}")
                    .build();
            try {
                container.upgradeHttpToWebSocket(req, resp, config, Map.of("item", rest));
            } catch (DeploymentException e) {
                resp.sendError(500, e.getMessage());
            }
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app")
                .initializer(new WharfInitializer(), AppConfig.class, Greeter.class, Kept.class, Dropped.class,
                        Twice.class)
                .listener(new Deployer())
                .servlet("late", new LateDeployer(), "/deploy-late")
                .servlet("duplicates", new DuplicateDeployer(), "/deploy-duplicates")
                .servlet("router", new Router(), "/framework/*")
                .build();
    }

    @OnHosts
    @DisplayName("[ServerContainer.addEndpoint] an Endpoint subclass deployed from a ServletContextListener")
    void fromListener(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/listener"))) {
            assertEquals("/listener {} hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-6.2-1, WSC-6.2-5] ServerApplicationConfig decides: its endpoint configs and chosen classes")
    void fromApplicationConfig(Host host) throws Exception {
        assertEquals("true", OUTCOMES.get("scanned programmatic"));
        assertEquals("true", OUTCOMES.get("scanned annotated"));
        try (Ws ws = Ws.connect(host.wsUri("/from-config/7"))) {
            assertEquals("/from-config/{id} {id=7} hi", ws.ask("hi"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/kept"))) {
            assertEquals("kept hi", ws.ask("hi"));
        }
        assertEquals(404, RawHandshake.to(host.wsUri("/dropped")).send().status());
    }

    @OnHosts
    @DisplayName("[WSC-3.1.1-2] a duplicate or equivalent path fails with a DeploymentException naming class and rule")
    void duplicatePathsFail(Host host) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(host.httpUri("/deploy-duplicates")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> outcomes = response.body().lines().toList();
        assertEquals(2, outcomes.size(), response.body());
        for (String outcome : outcomes) {
            assertTrue(outcome.startsWith("DeploymentException"), outcome);
            assertTrue(outcome.contains(Greeter.class.getName()) && outcome.contains("[WSC-3.1.1-2]"), outcome);
        }
        // failing alone once running: the endpoints stay deployed
        try (Ws ws = Ws.connect(host.wsUri("/twice"))) {
            assertEquals("twice hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[spec 6.4] the same annotated class submitted by scan and by addEndpoint is deployed once, no error")
    void sameAnnotatedClassTwiceIsIgnored(Host host) throws Exception {
        assertTrue(OUTCOMES.get("twice").matches("deployed(,deployed)*"), OUTCOMES.get("twice"));
        try (Ws ws = Ws.connect(host.wsUri("/twice"))) {
            assertEquals("twice hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[spec 6.4 since 2.1] addEndpoint works after the application has started")
    void afterStart(Host host) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(host.httpUri("/deploy-late")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("deployed", response.body());
        try (Ws ws = Ws.connect(host.wsUri("/late/3"))) {
            assertEquals("/late/{n} {n=3} hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[ServerContainer.upgradeHttpToWebSocket] a servlet upgrades with its own config and path parameters")
    void upgradeFromServlet(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/framework/widget"))) {
            assertEquals("/framework/{item} {item=widget} hi", ws.ask("hi"));
        }
    }
}
