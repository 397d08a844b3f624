package dev.wharf.servlet;

import dev.wharf.server.WharfServerContainer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;

/**
 * Declared in {@code META-INF/web-fragment.xml}: says so when the container read Wharf's descriptor but never ran
 * {@link WharfInitializer}, which otherwise fails silently (every endpoint 404, no log line). Jetty does exactly that
 * without its {@code ee11-annotations}/{@code ee10-annotations} module, the one that runs initializers. Listeners
 * start after initializers, so by now Wharf's container is published if the initializer ran.
 */
public final class InitializerCheck implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(InitializerCheck.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(ServerContainer.class.getName()) instanceof WharfServerContainer) {
            return;
        }
        if (context.getAttribute(ServerContainer.class.getName()) != null) {
            return; // another implementation's container: Wharf's initializer (if it ran) already failed the start
        }
        LOG.log(Level.ERROR, "Wharf: no WebSocket endpoint is deployed in " + name(context) + ": the servlet"
                + " container did not run Wharf's ServletContainerInitializer (dev.wharf.servlet.WharfInitializer)."
                + hint(context));
    }

    private static String name(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "the root context" : path;
    }

    /** What usually causes it, by host. */
    static String hint(ServletContext context) {
        String host = HostUpgrades.initializerHint(context);
        if (host != null) {
            return host;
        }
        return " Check that the container scans WEB-INF/lib for initializers (an <absolute-ordering> in web.xml"
                + " without <others/> excludes them).";
    }
}
