package dev.wharf.servlet;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;

/**
 * Chooses, once per web application at start-up, how handshakes' connections are taken over ({@link HostUpgrade}):
 * the host's native hand-over where Wharf has one for the host and its classes are reachable, else the servlet
 * upgrade; {@value InitParameters#TRANSPORT}{@code =servlet} forces the servlet upgrade. Says which in one log line.
 */
final class HostUpgrades {

    private static final System.Logger LOG = System.getLogger(HostUpgrades.class.getName());
    /** By name: the host packages depend on this one, never the reverse ({@link HostSupport}). */
    private static final HostSupport JETTY = load("dev.wharf.servlet.jetty.JettySupport");
    private static final HostSupport TOMCAT = load("dev.wharf.servlet.tomcat.TomcatSupport");
    private static final HostSupport UNDERTOW = load("dev.wharf.servlet.undertow.UndertowSupport");

    private HostUpgrades() {
    }

    static HostUpgrade choose(ServletContext context) {
        HostUpgrade servlet = new ServletUpgrade();
        boolean forced = InitParameters.servletTransportForced(context);
        HostUpgrade chosen;
        String note = "";
        HostUpgrade jetty = JETTY.forContext(context, servlet);
        if (jetty != null) {
            chosen = jetty;
            if (forced) {
                note = " (" + InitParameters.TRANSPORT + "=servlet is ignored on Jetty: its servlet upgrade loses"
                        + " handshakes without Content-Length)";
            }
        } else if (forced) {
            chosen = servlet;
            note = ", as " + InitParameters.TRANSPORT + "=servlet asks";
        } else {
            // Each host package recognises its host by the context's class name before it loads any class linked
            // to that host, so another host's classes are never touched.
            HostUpgrade tomcat = TOMCAT.forContext(context, servlet);
            HostUpgrade undertow = tomcat != null ? null : UNDERTOW.forContext(context, servlet);
            chosen = tomcat != null ? tomcat : undertow != null ? undertow : servlet;
        }
        LOG.log(Level.INFO, "Wharf on {0} ({1}): WebSocket connections are taken over through {2}{3}",
                context.getServerInfo(), name(context), chosen.description(), note);
        return chosen;
    }

    /** What usually keeps the context's host from running Wharf's initializer, or null if Wharf knows nothing. */
    static String initializerHint(ServletContext context) {
        String hint = JETTY.initializerHint(context);
        return hint != null ? hint : TOMCAT.initializerHint(context);
    }

    private static HostSupport load(String className) {
        try {
            return (HostSupport) Class.forName(className, true, HostUpgrades.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Wharf's servlet bridge is incomplete: " + className + " cannot load", e);
        }
    }

    private static String name(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "root context" : "context " + path;
    }
}
