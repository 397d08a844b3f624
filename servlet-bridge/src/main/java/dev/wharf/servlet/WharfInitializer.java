package dev.wharf.servlet;

import dev.wharf.server.WharfServerContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.EnumSet;
import java.util.Set;

/**
 * Installs Wharf in a web application: creates its {@link ServerContainer}, publishes it under the servlet-context
 * attribute {@code jakarta.websocket.server.ServerContainer}, deploys the endpoints the container found for
 * {@link HandlesTypes}, and adds the upgrade filter. Registered in
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 */
@HandlesTypes({ServerEndpoint.class, Endpoint.class, ServerApplicationConfig.class})
public final class WharfInitializer implements ServletContainerInitializer {

    static final String FILTER_NAME = "wharf-websocket-upgrade";
    /** Wait for sessions to take their 1001 close when the application stops. */
    private static final long SHUTDOWN_WAIT_MS = 5_000;

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        refuseSecondImplementation(context);
        if (context.getMajorVersion() < 5) {
            throw new ServletException("Wharf needs a Jakarta Servlet 5 or later container with"
                    + " HttpServletRequest.upgrade; this one reports Servlet " + context.getMajorVersion() + "."
                    + context.getMinorVersion());
        }
        WharfServerContainer container;
        HostUpgrade hostUpgrade;
        try {
            hostUpgrade = HostUpgrades.choose(context); // first: a bad value must fail before any thread starts
            container = new WharfServerContainer(InitParameters.defaults(context), InitParameters.policy(context),
                    InitParameters.maxThreads(context));
        } catch (IllegalArgumentException e) {
            throw new ServletException("Wharf: " + e.getMessage(), e);
        }
        RoomsSetup.apply(context, container); // broker, attachment store, keep-alive from init parameters
        context.setAttribute(ServerContainer.class.getName(), container);
        ClassLoader loader = context.getClassLoader();
        HttpSessionSockets httpSessions = new HttpSessionSockets();
        UpgradeFilter filter = new UpgradeFilter(container, loader, httpSessions, hostUpgrade);
        container.upgrader(new FrameworkUpgrader(filter));

        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, filter);
        if (registration == null) {
            throw new ServletException("Wharf: a filter named " + FILTER_NAME + " is already registered");
        }
        registration.setAsyncSupported(true);
        // Before the application's own filters: a handshake must not be answered or committed by anything else.
        // Frameworks whose filters guard every request (Spring Security in a Boot application) ask for after.
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST),
                InitParameters.upgradeFilterAfterApplicationFilters(context), "/*");
        context.addListener(new Lifecycle(container));
        // Spec 7.2: WebSocket sessions close with 1008 when the HTTP session of their handshake ends.
        context.addListener(httpSessions);

        try {
            new EndpointScan(classes == null ? Set.of() : classes).deployTo(container);
        } catch (DeploymentException e) {
            // The start fails; should the host carry on regardless, nothing of this application is served either.
            container.haltDeployment(e.getMessage());
            throw new ServletException("Wharf: WebSocket endpoints failed to deploy: " + e.getMessage(), e);
        }
        // The application's listeners deploy next; Lifecycle.contextInitialized ends the phase (see there).
        container.applicationDeploying();
    }

    /** Refuses to run beside the servlet container's own WebSocket support: one application, one implementation. */
    private static void refuseSecondImplementation(ServletContext context) throws ServletException {
        Object existing = context.getAttribute(ServerContainer.class.getName());
        if (existing == null || existing instanceof WharfServerContainer) {
            return;
        }
        String type = existing.getClass().getName();
        String advice = adviceFor(type);
        throw new ServletException("Wharf cannot serve WebSockets here: the servlet container's own WebSocket"
                + " implementation (" + type + ") is installed too; " + advice);
    }

    /** What to remove, by the other implementation's container class. */
    static String adviceFor(String containerClass) {
        if (containerClass.startsWith("org.apache.tomcat")) {
            return "remove tomcat-websocket.jar (tomcat-embed-websocket) or exclude its WsSci with the Context's"
                    + " containerSciFilter";
        }
        if (containerClass.startsWith("org.eclipse.jetty")) {
            return "leave Jetty's ee websocket modules (ee11-websocket-jakarta) out of the server";
        }
        if (containerClass.startsWith("io.undertow")) {
            return "remove undertow-websockets-jsr from the deployment";
        }
        return "remove the other WebSocket implementation from the container";
    }

    /** Stops the container with the application: every open session gets a 1001 close first. */
    private static final class Lifecycle implements ServletContextListener {
        private final WharfServerContainer container;

        Lifecycle(WharfServerContainer container) {
            this.container = container;
        }

        /**
         * Listeners an initializer adds run after those the application declares (web.xml, {@code @WebListener}),
         * so the application has deployed its endpoints by now [WSC-5.2.1-3]. (The upgrade filter's {@code init}
         * says the same, later, where a host initialises filters eagerly.)
         */
        @Override
        public void contextInitialized(ServletContextEvent event) {
            container.applicationStarted();
            // Published once the application started (JMX, Micrometer); withdrawn by the container's shutdown.
            ServletContext context = event.getServletContext();
            container.meters().publish(context.getContextPath(), context.getVirtualServerName());
            Object installed = event.getServletContext().getAttribute(ServerContainer.class.getName());
            if (installed != container) {
                // Another implementation's initializer ran after ours and replaced the attribute.
                throw new IllegalStateException("Wharf cannot serve WebSockets here: another WebSocket"
                        + " implementation (" + (installed == null ? "unknown" : installed.getClass().getName())
                        + ") replaced Wharf's ServerContainer; remove it from the servlet container");
            }
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            container.shutdown(SHUTDOWN_WAIT_MS);
            RoomsSetup.stop(event.getServletContext(), container);
        }
    }
}
