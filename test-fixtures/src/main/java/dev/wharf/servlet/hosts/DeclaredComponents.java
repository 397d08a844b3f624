package dev.wharf.servlet.hosts;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.Map;
import java.util.Set;

/**
 * Registers a {@link WebApp}'s extra servlets, filters, listeners and init parameters through the portable
 * {@link ServletContext} API, so every host declares them identically. Each host runs it before the app's own
 * initializer, as {@code web.xml} is processed before initializers run.
 *
 * <p>Unless the app maps {@code /}, a default servlet answers 404 for any unmatched path, so "not found" looks the
 * same on every host.
 */
final class DeclaredComponents implements ServletContainerInitializer {

    private final WebApp app;

    DeclaredComponents(WebApp app) {
        this.app = app;
    }

    @Override
    public void onStartup(Set<Class<?>> ignored, ServletContext ctx) {
        for (Map.Entry<String, String> param : app.initParams().entrySet()) {
            ctx.setInitParameter(param.getKey(), param.getValue());
        }
        for (EventListener listener : app.listeners()) {
            ctx.addListener(listener);
        }
        for (WebApp.FilterMount mount : app.filters()) {
            FilterRegistration.Dynamic reg = ctx.addFilter(mount.name(), mount.filter());
            reg.setAsyncSupported(true);
            reg.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
                    mount.patterns().toArray(String[]::new));
        }
        for (WebApp.ServletMount mount : app.servlets()) {
            ServletRegistration.Dynamic reg = ctx.addServlet(mount.name(), mount.servlet());
            reg.setAsyncSupported(true);
            reg.addMapping(mount.patterns().toArray(String[]::new));
        }
        if (!app.mapsDefaultServlet()) {
            ServletRegistration.Dynamic reg = ctx.addServlet("wharf-test-not-found", new NotFound());
            reg.setAsyncSupported(true);
            reg.addMapping("/");
        }
    }

    /** The default servlet of a test app: nothing is served that was not explicitly mapped. */
    static final class NotFound extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
