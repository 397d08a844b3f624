package dev.wharf.servlet.tomcat;

import dev.wharf.servlet.HostUpgrade;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Wharf in Tomcat 10.1 and 11 (stock, embedded, Spring Boot): the handshake is upgraded with
 * {@code HttpServletRequest.upgrade(TomcatUpgradeHandler.class)}, and because that handler is one of Tomcat's
 * internal upgrade handlers, Tomcat gives it the connection's socket wrapper and its socket events instead of
 * servlet streams, as it does for its own WebSocket implementation ({@link TomcatSocketTransport}).
 *
 * <p>Tomcat's web application loader delegates {@code org.apache.coyote} and {@code org.apache.tomcat} to the
 * common loader, so a WAR's copy of Wharf links Tomcat's classes directly (no bridge loader as on Jetty); whether
 * it can is checked once, at start-up. Public for {@code dev.wharf.servlet}'s start-up choice only.
 */
public final class TomcatHostUpgrade implements HostUpgrade {

    private static final System.Logger LOG = System.getLogger(TomcatHostUpgrade.class.getName());
    private static final String TOMCAT = "org.apache.catalina.";

    private TomcatHostUpgrade() {
    }

    /**
     * The native upgrade for a context of Tomcat's whose classes Wharf can link; null on other hosts, and (after a
     * warning) where Tomcat's upgrade internals are unreachable or do not fit.
     */
    static HostUpgrade forContext(ServletContext context) {
        if (!context.getClass().getName().startsWith(TOMCAT)) {
            return null;
        }
        try {
            TomcatUpgradeHandler.checkLinkage();
            return new TomcatHostUpgrade();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "Wharf cannot use Tomcat's internal upgrade on " + context.getServerInfo() + " ("
                    + e + "); using the servlet upgrade, whose connections Tomcat closes late", e);
            return null;
        }
    }

    @Override
    public String description() {
        return "Tomcat's internal upgrade (native socket I/O)";
    }

    @Override
    public void upgrade(HttpServletRequest request, HttpServletResponse response, Handover handover)
            throws IOException, Unavailable {
        // Tomcat makes the handler inside upgrade() on this thread; it starts it once the 101 is out.
        TomcatUpgradeHandler.PENDING.set(handover);
        try {
            request.upgrade(TomcatUpgradeHandler.class);
        } catch (UnsupportedOperationException | IllegalStateException | ServletException e) {
            LOG.log(Level.ERROR, "Tomcat cannot upgrade this connection", e);
            throw new Unavailable("this servlet container cannot upgrade the connection: " + e.getMessage(), e);
        } finally {
            TomcatUpgradeHandler.PENDING.remove();
        }
    }
}
