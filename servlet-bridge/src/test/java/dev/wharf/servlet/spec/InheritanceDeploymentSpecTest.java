package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;

/**
 * WebSocket annotations are not inherited (spec 4.8; {@code @ServerEndpoint} is not {@code @Inherited}): an
 * unannotated subclass of an annotated endpoint is not an endpoint. Scanning filters it out [WSC-4.8.2], it is not
 * deployed at its parent's path, and deploying it by hand fails [WSC-4.8.1]; the annotated parent is unaffected.
 */
@DisplayName("Endpoints and inheritance [WSC-4.8.1, WSC-4.8.2]")
class InheritanceDeploymentSpecTest extends SpecHostedTest {


    @ServerEndpoint("/inherit/parent")
    public static class Parent {
        @OnMessage
        public String echo(String s) {
            return "parent " + s;
        }
    }

    /** Unannotated: its method annotation must not make it an endpoint either. */
    public static class Child extends Parent {
        @Override
        @OnMessage
        public String echo(String s) {
            return "child " + s;
        }
    }

    /** Annotated, but not among the classes the container found: never deployed. */
    @ServerEndpoint("/inherit/orphan")
    public static class OrphanParent {
        @OnMessage
        public String echo(String s) {
            return "orphan parent " + s;
        }
    }

    /** Found by the scan; would serve /inherit/orphan if class annotations were inherited. */
    public static class OrphanChild extends OrphanParent {
        @Override
        public String echo(String s) {
            return "orphan child " + s;
        }
    }

    /**
     * Tries to deploy the unannotated subclass explicitly, once the application runs, and answers the outcome. (From
     * a listener, while the application deploys, the error would halt its whole WebSocket deployment
     * [WSC-5.2.1-3].)
     */
    public static class Deployer extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServerContainer container = (ServerContainer) getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(OrphanChild.class);
                resp.getWriter().print("deployed");
            } catch (DeploymentException e) {
                resp.getWriter().print("DeploymentException: " + e.getMessage());
            }
        }
    }

    @Override
    protected WebApp app() {
        // A scanner that hands over subclasses of annotated classes too: Wharf must filter them [WSC-4.8.2].
        return WebApp.at("/app").initializer(new WharfInitializer(), Parent.class, Child.class, OrphanChild.class)
                .servlet("deployer", new Deployer(), "/deploy-orphan")
                .build();
    }

    @OnHosts
    @DisplayName("[WSC-4.8.2] the annotated parent stays deployed and keeps its own behaviour")
    void parentStaysDeployed(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/inherit/parent"))) {
            assertEquals("parent hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.8.2] an unannotated subclass is not deployed by scanning: its would-be path answers 404")
    void subclassIsNotScanned(Host host) throws Exception {
        RawHandshake.Response response = RawHandshake.to(host.wsUri("/inherit/orphan")).send();
        assertEquals(404, response.status());
    }

    @OnHosts
    @DisplayName("[WSC-4.8.1] ServerContainer.addEndpoint refuses an unannotated subclass, naming it and the rule")
    void subclassIsRefusedByAddEndpoint(Host host) throws Exception {
        String outcome = HttpClient.newHttpClient().send(HttpRequest.newBuilder(host.httpUri("/deploy-orphan")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(outcome.startsWith("DeploymentException: "), outcome);
        assertTrue(outcome.contains(OrphanChild.class.getName()) && outcome.contains("[WSC-4.8.1]"), outcome);
        // the refusal, once the application runs, leaves the parent serving
        try (Ws ws = Ws.connect(host.wsUri("/inherit/parent"))) {
            assertEquals("parent hi", ws.ask("hi"));
        }
    }
}
