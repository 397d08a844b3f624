package dev.wharf.servlet;

import dev.wharf.server.WharfServerContainer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what a web application deploys from the classes the servlet container found (spec 6.2): with
 * {@link ServerApplicationConfig} classes, what they return; without, every annotated endpoint. Collects every
 * failure before reporting, so one start-up shows all mistakes.
 */
final class EndpointScan {

    private final Set<Class<? extends ServerApplicationConfig>> applicationConfigs = new LinkedHashSet<>();
    private final Set<Class<?>> annotated = new LinkedHashSet<>();
    private final Set<Class<? extends Endpoint>> programmatic = new LinkedHashSet<>();

    @SuppressWarnings("unchecked")
    EndpointScan(Set<Class<?>> found) {
        for (Class<?> c : found) {
            if (!isDeployable(c)) {
                continue;
            }
            if (ServerApplicationConfig.class.isAssignableFrom(c)) {
                applicationConfigs.add((Class<? extends ServerApplicationConfig>) c);
            }
            // [WSC-4.8.2]: only classes annotated themselves; subclasses of annotated endpoints are filtered out.
            if (c.isAnnotationPresent(ServerEndpoint.class)) {
                annotated.add(c);
            } else if (Endpoint.class.isAssignableFrom(c)) {
                programmatic.add((Class<? extends Endpoint>) c);
            }
        }
    }

    /** Public, concrete, top-level or static nested classes only: the rest cannot be instantiated per connection. */
    private static boolean isDeployable(Class<?> c) {
        int m = c.getModifiers();
        return Modifier.isPublic(m) && !Modifier.isAbstract(m) && !c.isInterface() && !c.isAnnotation()
                && (c.getEnclosingClass() == null || Modifier.isStatic(m));
    }

    void deployTo(WharfServerContainer container) throws DeploymentException {
        List<String> failures = new ArrayList<>();
        if (applicationConfigs.isEmpty()) {
            for (Class<?> c : annotated) {
                deploy(failures, () -> container.addEndpoint(c));
            }
        } else {
            Set<ServerEndpointConfig> configs = new LinkedHashSet<>();
            Set<Class<?>> classes = new LinkedHashSet<>();
            for (Class<? extends ServerApplicationConfig> type : applicationConfigs) {
                ServerApplicationConfig app;
                try {
                    app = type.getConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    failures.add(type.getName() + ": a ServerApplicationConfig needs a public no-argument"
                            + " constructor (" + e + ")");
                    continue;
                }
                Set<ServerEndpointConfig> c = app.getEndpointConfigs(Set.copyOf(programmatic));
                if (c != null) {
                    configs.addAll(c);
                }
                Set<Class<?>> a = app.getAnnotatedEndpointClasses(Set.copyOf(annotated));
                if (a != null) {
                    classes.addAll(a);
                }
            }
            for (ServerEndpointConfig config : configs) {
                deploy(failures, () -> container.addEndpoint(config));
            }
            for (Class<?> c : classes) {
                deploy(failures, () -> container.addEndpoint(c));
            }
        }
        if (!failures.isEmpty()) {
            throw new DeploymentException(String.join("\n", failures));
        }
    }

    private interface Deployment {
        void run() throws DeploymentException;
    }

    private static void deploy(List<String> failures, Deployment deployment) {
        try {
            deployment.run();
        } catch (DeploymentException | RuntimeException e) {
            failures.add(e.getMessage());
        }
    }
}
