package dev.wharf.servlet;

import jakarta.servlet.ServletOutputStream;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Closes the socket under a Tomcat upgraded connection.
 *
 * <p>Why: Tomcat's {@code WebConnection.close()} only marks the upgraded streams closed; the socket itself closes on
 * Tomcat's next event for that connection. After a closing handshake the client is waiting for the server to close
 * TCP first (RFC 6455 §7.1.1), so no such event comes and the connection lingers until the client gives up. Tomcat's
 * own WebSocket closes the socket wrapper directly; this does the same, through reflection so that no Tomcat class
 * is needed at compile time. If Tomcat's internals differ, it does nothing and the old behaviour remains.
 */
final class TomcatSocketCloser {

    private static final System.Logger LOG = System.getLogger(TomcatSocketCloser.class.getName());
    private static final String STREAM = "org.apache.coyote.http11.upgrade.UpgradeServletOutputStream";

    private TomcatSocketCloser() {
    }

    static boolean applies(ServletOutputStream out) {
        return out.getClass().getName().equals(STREAM);
    }

    /** Closes the socket the stream writes to; never throws. */
    static void closeSocket(ServletOutputStream out) {
        try {
            Field field = out.getClass().getDeclaredField("socketWrapper");
            field.setAccessible(true);
            Object socketWrapper = field.get(out);
            Method close = socketWrapper.getClass().getMethod("close");
            close.invoke(socketWrapper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot close Tomcat's socket directly; it closes on Tomcat's next event", e);
        }
    }
}
