package dev.wharf.servlet;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.server.WharfServerContainer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a web application deploys from the classes the servlet container found (spec 6.2): with
 * {@link ServerApplicationConfig} classes, the union of what they return, each having been handed the scan of its
 * own archive; without, every annotated endpoint. Collects every failure before reporting, so one start-up shows all
 * mistakes.
 */
final class EndpointScan {

    private static final System.Logger LOG = System.getLogger(EndpointScan.class.getName());

    private final Set<Class<? extends ServerApplicationConfig>> applicationConfigs = new LinkedHashSet<>();
    private final Set<Class<?>> annotated = new LinkedHashSet<>();
    private final Set<Class<? extends Endpoint>> programmatic = new LinkedHashSet<>();

    @SuppressWarnings("unchecked")
    EndpointScan(Set<Class<?>> found) {
        for (Class<?> c : found) {
            try {
                if (!isDeployable(c) || c == AnnotatedEndpoint.class) {
                    // AnnotatedEndpoint is Wharf's own adapter (an Endpoint subclass in wharf-api-impl, so the
                    // container's @HandlesTypes scan finds it): no application's endpoint, not for its configs.
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
            } catch (LinkageError | RuntimeException e) {
                // One class the application cannot even inspect must not take the whole application down: the
                // container found it by its bytes, not because the application named it.
                LOG.log(Level.WARNING, "Wharf: skipping {0}, which cannot be inspected: {1}", c.getName(),
                        e.toString());
            }
        }
    }

    /**
     * Public, concrete, top-level or static nested classes only: the rest cannot be instantiated per connection.
     * The static flag of a nested class is read from its own class file, so a static nested class is accepted
     * without resolving its enclosing class, which an archive may lack: a WAR can hold {@code Outer$Inner} without
     * {@code Outer}, or with an {@code Outer} from another class loader. Asking for the enclosing class then throws
     * ({@link NoClassDefFoundError}, or {@link IncompatibleClassChangeError} when the two loaders' classes disagree).
     */
    private static boolean isDeployable(Class<?> c) {
        int m = c.getModifiers();
        return Modifier.isPublic(m) && !Modifier.isAbstract(m) && !c.isInterface() && !c.isAnnotation()
                && (Modifier.isStatic(m) || isTopLevel(c));
    }

    /** Whether {@code c} is a top-level class; false, with a warning, when its enclosing class cannot be loaded. */
    private static boolean isTopLevel(Class<?> c) {
        try {
            return c.getEnclosingClass() == null;
        } catch (LinkageError e) {
            // Not static, so if it is nested it needs an instance of a class nobody can load: never deployable.
            LOG.log(Level.WARNING, "Wharf: skipping {0}: it is not a static class and its enclosing class cannot"
                    + " be loaded ({1})", c.getName(), e.toString());
            return false;
        }
    }

    void deployTo(WharfServerContainer container) throws DeploymentException {
        List<String> failures = new ArrayList<>();
        if (applicationConfigs.isEmpty()) {
            for (Class<?> c : annotated) {
                deploy(failures, c, () -> container.addEndpoint(c));
            }
        } else {
            Set<Class<?>> kept = new LinkedHashSet<>(applicationConfigs);
            kept.addAll(annotated);
            kept.addAll(programmatic);
            Map<Class<?>, String> archives = Archives.of(kept);
            Set<ServerEndpointConfig> configs = new LinkedHashSet<>();
            Set<Class<?>> classes = new LinkedHashSet<>();
            for (Class<? extends ServerApplicationConfig> type : applicationConfigs) {
                ServerApplicationConfig app;
                try {
                    app = type.getConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    failures.add(type.getName() + ": a ServerApplicationConfig needs a public no-argument"
                            + " constructor (" + e + ")");
                    continue;
                }
                // [WSC-6.2-4]: the scan of the config's own archive (the WAR's classes or one of its JARs).
                String archive = archives.get(type);
                Set<ServerEndpointConfig> c = app.getEndpointConfigs(inArchive(programmatic, archive, archives));
                if (c != null) {
                    configs.addAll(c);
                }
                Set<Class<?>> a = app.getAnnotatedEndpointClasses(inArchive(annotated, archive, archives));
                if (a != null) {
                    classes.addAll(a);
                }
            }
            reportUnclaimed(configs, classes, archives);
            for (ServerEndpointConfig config : configs) {
                deploy(failures, config.getEndpointClass(), () -> container.addEndpoint(config));
            }
            for (Class<?> c : classes) {
                deploy(failures, c, () -> container.addEndpoint(c));
            }
        }
        if (!failures.isEmpty()) {
            throw new DeploymentException(String.join("\n", failures));
        }
    }

    /** The part of {@code scanned} in {@code archive}, unmodifiable: a config may not change the scan. */
    private static <T> Set<T> inArchive(Set<T> scanned, String archive, Map<Class<?>, String> archives) {
        Set<T> result = new LinkedHashSet<>();
        for (T c : scanned) {
            if (archive.equals(archives.get(c))) {
                result.add(c);
            }
        }
        return Set.copyOf(result);
    }

    /**
     * Spec 6.2 deploys only what the configs return, so endpoints in an archive without a config are left out
     * unless a config elsewhere returns them. That is easy to miss when a JAR is added to an application that
     * already has a config: one line names them.
     */
    private void reportUnclaimed(Set<ServerEndpointConfig> configs, Set<Class<?>> classes,
            Map<Class<?>, String> archives) {
        Set<String> withConfig = new LinkedHashSet<>();
        applicationConfigs.forEach(type -> withConfig.add(archives.get(type)));
        Set<Class<?>> deployed = new LinkedHashSet<>(classes);
        configs.forEach(config -> deployed.add(config.getEndpointClass()));
        List<String> unclaimed = new ArrayList<>();
        Set<Class<?>> endpoints = new LinkedHashSet<>(annotated);
        endpoints.addAll(programmatic);
        for (Class<?> c : endpoints) {
            if (!withConfig.contains(archives.get(c)) && !deployed.contains(c)) {
                unclaimed.add(c.getName() + " (" + archives.get(c) + ")");
            }
        }
        if (!unclaimed.isEmpty()) {
            LOG.log(Level.INFO, "Wharf: not deploying endpoints from archives without a ServerApplicationConfig,"
                    + " as no ServerApplicationConfig returned them (spec 6.2): {0}", String.join(", ", unclaimed));
        }
    }

    private interface Deployment {
        void run() throws DeploymentException;
    }

    /**
     * Deploys one endpoint the application asked for, collecting its failure. A class that fails to link while it
     * is introspected (a parameter or codec type missing from the application) is a deployment error like any
     * other: named, reported with the rest, not thrown past the initializer as an {@link Error}.
     */
    private static void deploy(List<String> failures, Class<?> endpoint, Deployment deployment) {
        try {
            deployment.run();
        } catch (DeploymentException | RuntimeException e) {
            failures.add(e.getMessage());
        } catch (LinkageError e) {
            failures.add((endpoint == null ? "an endpoint" : endpoint.getName()) + " cannot be loaded: " + e);
        }
    }
}
