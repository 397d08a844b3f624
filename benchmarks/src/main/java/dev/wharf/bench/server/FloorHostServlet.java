package dev.wharf.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The floor on a servlet host ({@code floor-tomcat}, {@code floor-undertow}; not Jetty 12.1, whose servlet upgrade
 * loses a handshake without {@code Content-Length}: {@link FloorJettyServlet} hands over natively there): the host's own
 * HTTP handling and servlet upgrade ({@code HttpServletRequest.upgrade}) with nothing of a WebSocket container above
 * it; {@link FloorUpgrade} echoes frames with {@link FloorFrames}. What the host costs by itself, the second floor
 * of docs/BENCHMARKS.md's issue #20 section. Checks only what {@link FloorHandshake} checks.
 */
public final class FloorHostServlet extends HttpServlet {

    private static final ThreadLocal<FloorHandshake> HANDSHAKE = ThreadLocal.withInitial(FloorHandshake::new);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (answered101(req, resp)) {
            req.upgrade(FloorUpgrade.class);
        }
    }

    /**
     * Sets the 101 status and headers if {@code req} is a handshake {@link FloorHandshake} would take, else sends
     * 400; the response stays uncommitted either way until the servlet returns. Shared with {@link FloorJettyServlet}.
     */
    static boolean answered101(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String key = req.getHeader("Sec-WebSocket-Key");
        String connection = req.getHeader("Connection");
        if (key == null || key.length() != 24 || !"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))
                || !"13".equals(req.getHeader("Sec-WebSocket-Version"))
                || connection == null || !connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return false;
        }
        resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        resp.setHeader("Upgrade", "websocket");
        resp.setHeader("Connection", "Upgrade");
        resp.setHeader("Sec-WebSocket-Accept",
                new String(HANDSHAKE.get().acceptValue(key), StandardCharsets.US_ASCII));
        return true;
    }

    /** Deploys the servlet at {@code /echo}. */
    public static final class Initializer implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            context.addServlet("floor", new FloorHostServlet()).addMapping("/echo");
        }
    }
}
