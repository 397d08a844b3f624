package dev.wharf.boot;

import dev.wharf.server.WharfServerContainer;
import dev.wharf.servlet.WharfInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerContainer;
import java.util.Set;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Runs Wharf's {@link WharfInitializer} on the embedded server's {@link ServletContext}. Boot's embedded servers skip
 * {@code ServletContainerInitializer} discovery, so without this nothing installs Wharf; Boot calls its
 * {@link ServletContextInitializer} beans while the server starts, before any other bean (such as Spring's
 * {@code ServerEndpointExporter}) looks up the {@code jakarta.websocket.server.ServerContainer} attribute.
 *
 * <p>Wharf's upgrade filter is mapped after the application's filters (Spring Security's among them), as Tomcat's own
 * WebSocket filter is in a stock Boot application: a security rule for a path also guards the {@code @ServerEndpoint}
 * handshakes on it. The order of Boot's initializers cannot give this (Boot sorts them within each kind of
 * registration only), so the starter sets Wharf's init parameter for it, unless the application set it itself.
 */
final class WharfServletContextInitializer implements ServletContextInitializer {

    static final String FILTER_AFTER_APPLICATION_FILTERS = "dev.wharf.upgradeFilterAfterApplicationFilters";

    private static final System.Logger LOG = System.getLogger(WharfServletContextInitializer.class.getName());

    @Override
    public void onStartup(ServletContext context) throws ServletException {
        if (context.getAttribute(ServerContainer.class.getName()) instanceof WharfServerContainer) {
            // A servlet container that does discover initializers (a WAR deployment) has installed Wharf already.
            return;
        }
        if (context.getInitParameter(FILTER_AFTER_APPLICATION_FILTERS) == null) {
            context.setInitParameter(FILTER_AFTER_APPLICATION_FILTERS, "true");
        }
        // No class scan: Spring's ServerEndpointExporter deploys the @ServerEndpoint beans and
        // ServerEndpointConfig beans of the application context.
        new WharfInitializer().onStartup(Set.of(), context);
        LOG.log(System.Logger.Level.INFO, "Wharf is the WebSocket container of this Spring Boot application on {0}",
                context.getServerInfo());
    }
}
