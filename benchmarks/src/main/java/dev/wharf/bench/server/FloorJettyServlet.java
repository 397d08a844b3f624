package dev.wharf.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * The floor on Jetty 12.1's own host ({@code floor-jetty}): Jetty's HTTP handling and servlet dispatch, then the
 * connection handed over the way Wharf's Jetty transport takes it. The servlet sets the 101 and names a
 * {@link FloorJettyConnection} in Jetty's {@code HttpStream.upgradeConnection} request attribute; Jetty writes the
 * 101 when the servlet returns and swaps the socket's connection for that one. Not {@code HttpServletRequest.upgrade}:
 * Jetty 12.1's ends the upgraded stream at once for a handshake without {@code Content-Length} (every client's) and
 * parses the first frame as a new request (the {@code H} of {@code HTTP/1.1 400} where a frame was due).
 */
public final class FloorJettyServlet extends HttpServlet {

    /** {@code org.eclipse.jetty.server.HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}. */
    private static final String UPGRADE_CONNECTION = "org.eclipse.jetty.server.HttpStream.upgradeConnection";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!FloorHostServlet.answered101(req, resp)) {
            return;
        }
        ConnectionMetaData meta = ServletContextRequest.getServletContextRequest(req).getConnectionMetaData();
        req.setAttribute(UPGRADE_CONNECTION, new FloorJettyConnection(meta.getConnection().getEndPoint(),
                meta.getConnector().getExecutor(), meta.getConnector().getByteBufferPool()));
    }

    /** Deployed as {@code wharf-jetty} is ({@link JettyServers#start}), the servlet at {@code /echo}. */
    public static final class Server implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            return JettyServers.start(port,
                    context -> context.addServlet(new ServletHolder(new FloorJettyServlet()), "/echo"));
        }
    }
}
