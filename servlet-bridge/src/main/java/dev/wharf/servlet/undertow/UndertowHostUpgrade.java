package dev.wharf.servlet.undertow;

import dev.wharf.servlet.HostUpgrade;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.servlet.spec.HttpServletRequestImpl;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Wharf in Undertow 2.3 (standalone, embedded, Spring Boot): the handshake's exchange is upgraded with Undertow's own
 * {@link HttpServerExchange#upgradeChannel}, as Undertow's servlet upgrade does underneath, and once the 101 is out
 * the session reads and writes the connection's XNIO channels directly ({@link UndertowChannelTransport}). The
 * servlet upgrade would add, per handshake, a hop to a worker thread to create the upgrade handler, and per
 * connection its upgraded servlet streams; per read, 16 KiB at most through them.
 *
 * <p>A request Undertow did not make (an application's own wrapper that hides it, a request of another host reached
 * through this context) goes the servlet way. Public for {@code dev.wharf.servlet}'s start-up choice only.
 */
public final class UndertowHostUpgrade implements HostUpgrade {

    private static final System.Logger LOG = System.getLogger(UndertowHostUpgrade.class.getName());

    private final HostUpgrade servletUpgrade;

    private UndertowHostUpgrade(HostUpgrade servletUpgrade) {
        this.servletUpgrade = servletUpgrade;
    }

    /**
     * The native upgrade for a context of Undertow's ({@link UndertowSupport} checked that it is one) whose classes
     * Wharf can link; null (after a warning) where Undertow's or XNIO's classes are unreachable or do not fit.
     */
    static HostUpgrade forContext(ServletContext context, HostUpgrade servletUpgrade) {
        try {
            checkLinkage();
            return new UndertowHostUpgrade(servletUpgrade);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "Wharf cannot use Undertow's exchange upgrade on " + context.getServerInfo() + " ("
                    + e + "); using the servlet upgrade", e);
            return null;
        }
    }

    /** Links every Undertow and XNIO type and method used here, so an Undertow that does not fit shows at start-up. */
    private static void checkLinkage() throws ReflectiveOperationException {
        HttpServletRequestImpl.class.getMethod("getExchange");
        HttpServerExchange.class.getMethod("upgradeChannel", HttpUpgradeListener.class);
        StreamConnection.class.getMethod("getSourceChannel");
        StreamConnection.class.getMethod("getSinkChannel");
        StreamConnection.class.getMethod("getIoThread");
        XnioIoThread.class.getMethod("executeAfter", Runnable.class, long.class, TimeUnit.class);
        XnioExecutor.Key.class.getMethod("remove");
        ClassLoader loader = UndertowHostUpgrade.class.getClassLoader();
        Class.forName(UndertowChannelTransport.class.getName(), true, loader);
        Class.forName(UndertowHandover.class.getName(), true, loader);
    }

    @Override
    public String description() {
        return "Undertow's exchange upgrade (native XNIO channel I/O)";
    }

    @Override
    public void upgrade(HttpServletRequest request, HttpServletResponse response, Handover handover)
            throws IOException, Unavailable {
        HttpServletRequestImpl undertows = undertowRequest(request);
        if (undertows == null) {
            servletUpgrade.upgrade(request, response, handover);
            return;
        }
        try {
            // Sets the 101 and "Connection: Upgrade"; Undertow calls the listener once the response is out.
            undertows.getExchange().upgradeChannel(new UndertowHandover(handover));
        } catch (IllegalStateException e) { // not an HTTP/1.1 connection, or not an upgrade request
            LOG.log(Level.ERROR, "Undertow cannot upgrade this connection", e);
            throw new Unavailable("this servlet container cannot upgrade the connection: " + e.getMessage(), e);
        }
    }

    /** Undertow's own request under any servlet wrappers, or null if it is not Undertow's. */
    private static HttpServletRequestImpl undertowRequest(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        return r instanceof HttpServletRequestImpl undertows ? undertows : null;
    }
}
