package dev.wharf.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The portable upgrade: {@code HttpServletRequest.upgrade(WharfUpgradeHandler.class)}, then servlet non-blocking I/O
 * ({@link ServletTransport}). Every host's fallback.
 */
final class ServletUpgrade implements HostUpgrade {

    private static final System.Logger LOG = System.getLogger(ServletUpgrade.class.getName());

    @Override
    public String description() {
        return "the servlet upgrade (HttpServletRequest.upgrade, servlet non-blocking I/O)";
    }

    @Override
    public void upgrade(HttpServletRequest request, HttpServletResponse response, Handover handover)
            throws Unavailable {
        // The response must stay uncommitted until upgrade(): some hosts refuse to upgrade a committed one.
        WharfUpgradeHandler.PENDING.set(handover);
        try {
            request.upgrade(WharfUpgradeHandler.class);
        } catch (UnsupportedOperationException | IllegalStateException | ServletException | IOException e) {
            LOG.log(Level.ERROR, "the servlet container cannot upgrade this connection", e);
            throw new Unavailable("this servlet container cannot upgrade the connection: " + e.getMessage(), e);
        } finally {
            WharfUpgradeHandler.PENDING.remove();
        }
    }
}
