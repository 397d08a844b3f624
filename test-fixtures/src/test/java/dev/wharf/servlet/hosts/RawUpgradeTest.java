package dev.wharf.servlet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Wharf builds on, checked on every host without Wharf: {@code HttpServletRequest.upgrade} followed by
 * non-blocking reads and writes on the {@link WebConnection}. Note for the bridge: Tomcat's upgraded output stream
 * sends nothing until {@code flush()}.
 */
class RawUpgradeTest {

    static List<Host> hosts() {
        return Host.all();
    }

    /** Upgrades {@code Upgrade: echo} requests to a byte echo. */
    public static final class UpgradeServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (!"echo".equals(req.getHeader("Upgrade"))) {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
                return;
            }
            resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            resp.setHeader("Upgrade", "echo");
            resp.setHeader("Connection", "Upgrade");
            req.upgrade(ByteEcho.class);
        }
    }

    /** Echoes whatever arrives, using the servlet non-blocking API as Wharf's bridge does. */
    public static final class ByteEcho implements HttpUpgradeHandler {
        static volatile CountDownLatch initialized = new CountDownLatch(1);

        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                ServletOutputStream out = connection.getOutputStream();
                in.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[1024];

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                return;
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }

                    @Override
                    public void onAllDataRead() throws IOException {
                        try {
                            connection.close();
                        } catch (Exception e) {
                            throw new IOException(e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the client went away; nothing to clean up in a test
                    }
                });
                initialized.countDown();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void destroy() {}
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void upgradedConnectionEchoesBytes(Host host) throws Exception {
        // Observed with jetty-ee11-servlet 12.1.14: the 101 is sent and init() runs, but the bytes the client sends
        // next are parsed as a new HTTP request (400 Bad Request). Skipped loudly until understood or fixed.
        Assumptions.assumeFalse(host.name().equals("jetty") && !Boolean.getBoolean("probe.jetty"),
                "jetty 12.1.14 ee11: bytes after a servlet upgrade are parsed as HTTP; run with -Dprobe.jetty=true");
        try (host) {
            host.start(WebApp.at("/app").servlet("upgrade", new UpgradeServlet(), "/upgrade").build());
            ByteEcho.initialized = new CountDownLatch(1);
            try (Socket socket = new Socket("127.0.0.1", host.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("GET /app/upgrade HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                assertTrue(ByteEcho.initialized.await(10, TimeUnit.SECONDS), "HttpUpgradeHandler.init was not called");

                byte[] payload = "hello over an upgraded connection\n".getBytes(StandardCharsets.US_ASCII);
                out.write(payload);
                out.flush();
                assertEquals(new String(payload, StandardCharsets.US_ASCII),
                        new String(in.readNBytes(payload.length), StandardCharsets.US_ASCII));
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
