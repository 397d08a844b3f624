package dev.wharf.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The default servlet of every servlet host: 404 for anything not upgraded. Tomcat runs a context's filters (where
 * both Wharf and Tomcat's own WebSocket intercept the handshake) only for a request mapped to some servlet.
 */
public final class NotFoundServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
