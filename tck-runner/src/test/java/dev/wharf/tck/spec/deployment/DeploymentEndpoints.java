package dev.wharf.tck.spec.deployment;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/** Endpoints, application configs and listeners for the deployment tests; each test's WAR takes some of them. */
public final class DeploymentEndpoints {

    private DeploymentEndpoints() {}

    /** A programmatic echo that prefixes its path, so a test sees which configuration served it. */
    public static class ProgrammaticEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            String path = ((ServerEndpointConfig) config).getPath();
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText(path + " " + text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @ServerEndpoint("/kept")
    public static class Kept {
        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText("kept");
        }
    }

    @ServerEndpoint("/dropped")
    public static class Dropped {
        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText("dropped");
        }
    }

    /** On the test class path, never put in a WAR: no deployment may serve it. */
    @ServerEndpoint("/not-in-war")
    public static class NotInWar {
        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText("found on the class path");
        }
    }

    /**
     * Spec 6.2: deploys {@link ProgrammaticEcho} at two paths and, of the annotated endpoints it is offered, only
     * {@link Kept}; reports what it was offered through {@link #offered}.
     */
    public static class AppConfig implements ServerApplicationConfig {
        static volatile String offered = "";

        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            offered = endpointClasses.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(","));
            return Set.of(ServerEndpointConfig.Builder.create(ProgrammaticEcho.class, "/programmatic").build(),
                    ServerEndpointConfig.Builder.create(ProgrammaticEcho.class, "/programmatic/{id}").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return scanned.contains(Kept.class) ? Set.of(Kept.class) : Set.of();
        }
    }

    /** Answers with what {@link AppConfig} was offered. */
    @ServerEndpoint("/offered")
    public static class Offered {
        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText(AppConfig.offered);
        }
    }

    /**
     * Spec 6.4: a listener deploys endpoints through the {@link ServerContainer} the servlet context publishes. (A
     * second registration of a taken path is tried by {@link ListenerReport} once the application runs: from here
     * it would halt the application's whole WebSocket deployment [WSC-5.2.1-3].)
     */
    @WebListener
    public static class AddingListener implements ServletContextListener {
        static volatile ServerContainer container;

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer sc = (ServerContainer) event.getServletContext()
                    .getAttribute("jakarta.websocket.server.ServerContainer");
            container = sc;
            try {
                sc.addEndpoint(ListenerReport.class);
                sc.addEndpoint(ServerEndpointConfig.Builder.create(ProgrammaticEcho.class, "/from-listener").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Deployed by {@link AddingListener} only (not annotated-scanned: a WAR with it has a {@link OnlyListener}
     * config that deploys nothing itself). "duplicate" registers the listener's path again; "late" deploys an
     * endpoint while the application runs, which spec 6.4 allows since 2.1 (earlier versions restricted it to the
     * deployment phase).
     */
    @ServerEndpoint("/listener-report")
    public static class ListenerReport {
        @OnMessage
        public String report(String what) {
            String path = what.equals("duplicate") ? "/from-listener" : "/too-late";
            try {
                AddingListener.container.addEndpoint(
                        ServerEndpointConfig.Builder.create(ProgrammaticEcho.class, path).build());
                return "accepted";
            } catch (DeploymentException | RuntimeException e) {
                return e.getClass().getSimpleName();
            }
        }
    }

    /** Deploys nothing, so that only {@link AddingListener}'s registrations exist. */
    public static class OnlyListener implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            return Set.of();
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    /** Invalid (spec 4.5: a parameter @OnOpen cannot take): its WAR must fail to deploy. */
    @ServerEndpoint("/invalid")
    public static class Invalid {
        @OnOpen
        public void open(Session s, StringBuilder notAllowed) {
            // never called
        }
    }

    /** Valid, but in the same WAR as {@link Invalid}: unreachable because the application did not start. */
    @ServerEndpoint("/valid")
    public static class Valid {
        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText("valid");
        }
    }
}
