package dev.wharf.servlet.hosts;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A web application to deploy on a {@link Host}: a context path, the initializer under test with the classes it is
 * handed, and optional extra components, as a {@code web.xml} would declare them.
 *
 * <p>Extras are registered before the initializer runs, in the order given, the way a container processes
 * {@code web.xml} before it calls {@code ServletContainerInitializer}s.
 *
 * <p>An app may also be made from an exploded web archive ({@link Builder#archive}): the host then deploys the
 * archive's classes, jars, {@code web.xml}, listeners and initializers as its server deploys a WAR (Tomcat through
 * its own {@code ContextConfig}; Jetty, whose WAR support is not on the class path, through {@link WarScan} and a
 * {@link WarClassLoader}), and {@code initializer} plays the part of the server's own built-in initializer: it is
 * handed the archive's classes that its {@code @HandlesTypes} selects (servlet 8.2.4).
 *
 * @param contextPath {@code ""} (root) or {@code "/name"}
 * @param initializer called once with {@code classes} at start-up; may be {@code null}
 * @param classes what the initializer's {@code @HandlesTypes} would have found (empty for an archive)
 * @param archive the exploded web archive to deploy, or {@code null} for an app of the components given here only
 */
public record WebApp(
        String contextPath,
        ServletContainerInitializer initializer,
        Set<Class<?>> classes,
        List<ServletMount> servlets,
        List<FilterMount> filters,
        List<EventListener> listeners,
        Map<String, String> initParams,
        List<User> users,
        List<Protected> protectedPaths,
        Path archive) {

    /** A servlet instance mapped to URL patterns. */
    public record ServletMount(String name, Servlet servlet, List<String> patterns) {}

    /** A filter instance mapped to URL patterns for the REQUEST dispatcher. */
    public record FilterMount(String name, Filter filter, List<String> patterns) {}

    /** A user for BASIC authentication. */
    public record User(String name, String password, List<String> roles) {}

    /**
     * A {@code <security-constraint>}: URL patterns that require BASIC authentication and one of {@code roles} (no
     * roles: no authentication), for the HTTP {@code methods} listed (none: every method), over a confidential
     * transport if {@code confidential} ({@code <transport-guarantee>CONFIDENTIAL}).
     */
    public record Protected(List<String> patterns, List<String> roles, List<String> methods, boolean confidential) {}

    public WebApp {
        Objects.requireNonNull(contextPath, "contextPath");
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("context path must be \"\" or \"/name\": " + contextPath);
        }
        classes = Set.copyOf(classes);
        servlets = List.copyOf(servlets);
        filters = List.copyOf(filters);
        listeners = List.copyOf(listeners);
        initParams = Map.copyOf(initParams);
        users = List.copyOf(users);
        protectedPaths = List.copyOf(protectedPaths);
        if (archive != null && !classes.isEmpty()) {
            throw new IllegalArgumentException("an archive's initializer is handed the archive's classes, not these");
        }
    }

    public static Builder at(String contextPath) {
        return new Builder(contextPath);
    }

    /** Whether some extra servlet is mapped to the default pattern {@code /}. */
    boolean mapsDefaultServlet() {
        return servlets.stream().anyMatch(s -> s.patterns().contains("/"));
    }

    public static final class Builder {
        private final String contextPath;
        private ServletContainerInitializer initializer;
        private final Set<Class<?>> classes = new LinkedHashSet<>();
        private final List<ServletMount> servlets = new ArrayList<>();
        private final List<FilterMount> filters = new ArrayList<>();
        private final List<EventListener> listeners = new ArrayList<>();
        private final Map<String, String> initParams = new LinkedHashMap<>();
        private final List<User> users = new ArrayList<>();
        private final List<Protected> protectedPaths = new ArrayList<>();
        private Path archive;

        private Builder(String contextPath) {
            this.contextPath = contextPath;
        }

        public Builder initializer(ServletContainerInitializer sci, Class<?>... handledTypes) {
            this.initializer = sci;
            this.classes.addAll(List.of(handledTypes));
            return this;
        }

        public Builder initializer(ServletContainerInitializer sci, Set<Class<?>> handledTypes) {
            this.initializer = sci;
            this.classes.addAll(handledTypes);
            return this;
        }

        public Builder servlet(String name, Servlet servlet, String... patterns) {
            servlets.add(new ServletMount(name, servlet, List.of(patterns)));
            return this;
        }

        public Builder filter(String name, Filter filter, String... patterns) {
            filters.add(new FilterMount(name, filter, List.of(patterns)));
            return this;
        }

        public Builder listener(EventListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder initParam(String name, String value) {
            initParams.put(name, value);
            return this;
        }

        public Builder user(String name, String password, String... roles) {
            users.add(new User(name, password, List.of(roles)));
            return this;
        }

        /** Requires BASIC authentication with one of {@code roles} for {@code pattern}. */
        public Builder protect(String pattern, String... roles) {
            protectedPaths.add(new Protected(List.of(pattern), List.of(roles), List.of(), false));
            return this;
        }

        /** Requires BASIC authentication with one of {@code roles} for {@code pattern}, for HTTP {@code method} only. */
        public Builder protectMethod(String pattern, String method, String... roles) {
            protectedPaths.add(new Protected(List.of(pattern), List.of(roles), List.of(method), false));
            return this;
        }

        /** Requires a confidential transport (HTTPS) for {@code pattern}, without authentication. */
        public Builder requireConfidential(String pattern) {
            protectedPaths.add(new Protected(List.of(pattern), List.of(), List.of(), true));
            return this;
        }

        /**
         * Deploys the exploded web archive in {@code dir} (its {@code WEB-INF/classes}, {@code WEB-INF/lib/*.jar} and
         * {@code WEB-INF/web.xml}), on Jetty and Tomcat.
         */
        public Builder archive(Path dir) {
            this.archive = dir;
            return this;
        }

        public WebApp build() {
            return new WebApp(contextPath, initializer, classes, servlets, filters, listeners, initParams, users,
                    protectedPaths, archive);
        }
    }
}
