package dev.wharf.boot;

import dev.wharf.server.WharfServerContainer;
import dev.wharf.servlet.WharfInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerContainer;
import java.util.Set;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;

/**
 * Runs Wharf's {@link WharfInitializer} on the embedded server's {@link ServletContext}. Boot's embedded servers skip
 * {@code ServletContainerInitializer} discovery, so without this nothing installs Wharf; Boot calls its
 * {@link ServletContextInitializer} beans while the server starts, before any other bean (such as Spring's
 * {@code ServerEndpointExporter}) looks up the {@code jakarta.websocket.server.ServerContainer} attribute.
 *
 * <p>It runs last among the initializers, so that the filters Boot registers (Spring Security's among them) run
 * before Wharf's upgrade filter, as they do before Tomcat's own WebSocket filter in a stock Boot application.
 */
final class WharfServletContextInitializer implements ServletContextInitializer, Ordered {

    private static final System.Logger LOG = System.getLogger(WharfServletContextInitializer.class.getName());

    @Override
    public void onStartup(ServletContext context) throws ServletException {
        refuseJetty120(context.getServerInfo());
        if (context.getAttribute(ServerContainer.class.getName()) instanceof WharfServerContainer) {
            // A servlet container that does discover initializers (a WAR deployment) has installed Wharf already.
            return;
        }
        // No class scan: Spring's ServerEndpointExporter deploys the @ServerEndpoint beans and
        // ServerEndpointConfig beans of the application context.
        new WharfInitializer().onStartup(Set.of(), context);
        LOG.log(System.Logger.Level.INFO, "Wharf is the WebSocket container of this Spring Boot application on {0}",
                context.getServerInfo());
    }

    /**
     * Jetty 12.0 (what Boot 3.5 manages) does not implement {@code HttpServletRequest.upgrade} in its ee10 servlet
     * layer, which is the only way in for Wharf there: refuse at start-up instead of failing every handshake.
     */
    static void refuseJetty120(String serverInfo) throws ServletException {
        if (serverInfo != null && serverInfo.toLowerCase(java.util.Locale.ROOT).startsWith("jetty/12.0.")) {
            throw new ServletException("Wharf cannot serve WebSockets on " + serverInfo + ": Jetty 12.0 does not"
                    + " implement HttpServletRequest.upgrade. Use Jetty 12.1 (Spring Boot 4.0), or embedded Tomcat or"
                    + " Undertow with Spring Boot 3.5");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
