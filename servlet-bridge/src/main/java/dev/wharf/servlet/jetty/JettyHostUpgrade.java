package dev.wharf.servlet.jetty;

import dev.wharf.servlet.HostUpgrade;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Wharf in Jetty 12.1 ee10/ee11: handshakes are taken over through Jetty's own connection hand-over
 * ({@link JettyUpgrade}, reached through {@link JettyBridge}), because Jetty's servlet upgrade corrupts a handshake
 * without {@code Content-Length} (what browsers send). Requests that turn out not to be Jetty's fall back to the
 * servlet upgrade. Public for {@code dev.wharf.servlet}'s start-up choice only.
 */
public final class JettyHostUpgrade implements HostUpgrade {

    private static final System.Logger LOG = System.getLogger(JettyHostUpgrade.class.getName());

    private final String environment;
    private final HostUpgrade fallback;
    /** Why the hand-over is unreachable, or null. */
    private final Throwable failure;

    private JettyHostUpgrade(String environment, HostUpgrade fallback, Throwable failure) {
        this.environment = environment;
        this.fallback = fallback;
        this.failure = failure;
    }

    /**
     * The Jetty upgrade for a context of Jetty's, made (and its bridge linked) now; null on any other host.
     *
     * @param fallback the servlet upgrade, for requests that Jetty's hand-over cannot take
     */
    static HostUpgrade forContext(ServletContext context, HostUpgrade fallback) {
        String environment = JettyBridge.environment(context.getClass());
        if (environment == null) {
            return null;
        }
        Throwable failure = JettyBridge.failure(context.getClass());
        if (failure != null) {
            LOG.log(Level.ERROR, "Wharf on Jetty " + environment + " cannot reach Jetty's connection hand-over ("
                    + failure + "); Jetty's servlet upgrade corrupts a handshake without Content-Length, so such"
                    + " handshakes (every browser's) are refused with 500", failure);
        }
        return new JettyHostUpgrade(environment, fallback, failure);
    }

    /** What usually keeps Jetty from running Wharf's initializer, or null if {@code context} is not Jetty's. */
    static String initializerHint(ServletContext context) {
        String environment = JettyBridge.environment(context.getClass());
        if (environment == null) {
            return null;
        }
        return " Jetty runs initializers only with its " + environment + "-annotations module: add"
                + " --add-modules=" + environment + "-annotations to the base.";
    }

    @Override
    public String description() {
        return failure == null
                ? "Jetty " + environment + "'s connection hand-over (native EndPoint I/O)"
                : "the servlet upgrade (Jetty's connection hand-over is unreachable, see the error above)";
    }

    @Override
    public void upgrade(HttpServletRequest request, HttpServletResponse response, Handover handover)
            throws IOException, Unavailable {
        switch (JettyBridge.upgrade(request, handover)) {
            case UPGRADED -> {
                return;
            }
            case UNAVAILABLE -> {
                if (request.getHeader("Content-Length") == null) {
                    // Jetty's servlet upgrade would end this handshake's "body" at once and answer the first frame
                    // with 400 inside the WebSocket stream: refuse plainly instead of corrupting the connection.
                    throw new Unavailable("Wharf cannot take this connection over in Jetty (see the server log at"
                            + " start-up) and Jetty's servlet upgrade loses a handshake without Content-Length",
                            failure);
                }
            }
            case NOT_JETTY -> {
                // the servlet upgrade below
            }
        }
        fallback.upgrade(request, response, handover);
    }
}
