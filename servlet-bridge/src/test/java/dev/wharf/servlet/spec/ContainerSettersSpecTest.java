package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;

/**
 * The server container's {@code WebSocketContainer} setters changed while the application runs (javadoc of
 * {@code WebSocketContainer}: defaults for sessions; spec 2.1): sessions opened afterwards start from the new
 * values, in what their getters report and in what is enforced; sessions opened before keep theirs. Every test puts
 * the container's defaults back as it found them.
 */
@DisplayName("WebSocketContainer setters at run time [WebSocketContainer, Session, WSC-4.7.1-1]")
class ContainerSettersSpecTest extends SpecHostedTest {

    /** Reports its session's limits on "limits"; otherwise answers the size of what it got. */
    @ServerEndpoint("/settings/session")
    public static class Limits {
        @OnMessage
        public String text(Session session, String text) {
            return text.equals("limits") ? session.getMaxIdleTimeout() + " " + session.getMaxTextMessageBufferSize()
                    + " " + session.getMaxBinaryMessageBufferSize() + " " + session.getAsyncRemote().getSendTimeout()
                    : "text " + text.length();
        }

        @OnMessage
        public String binary(ByteBuffer bytes) {
            return "binary " + bytes.remaining();
        }
    }

    /**
     * The application's own run-time change: GET sets any of {@code idle}, {@code text}, {@code binary},
     * {@code send} on the server container, then answers the container's four defaults in that order.
     */
    public static class Settings extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            WebSocketContainer c = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
            if (req.getParameter("idle") != null) {
                c.setDefaultMaxSessionIdleTimeout(Long.parseLong(req.getParameter("idle")));
            }
            if (req.getParameter("text") != null) {
                c.setDefaultMaxTextMessageBufferSize(Integer.parseInt(req.getParameter("text")));
            }
            if (req.getParameter("binary") != null) {
                c.setDefaultMaxBinaryMessageBufferSize(Integer.parseInt(req.getParameter("binary")));
            }
            if (req.getParameter("send") != null) {
                c.setAsyncSendTimeout(Long.parseLong(req.getParameter("send")));
            }
            resp.getWriter().print(c.getDefaultMaxSessionIdleTimeout() + " " + c.getDefaultMaxTextMessageBufferSize()
                    + " " + c.getDefaultMaxBinaryMessageBufferSize() + " " + c.getDefaultAsyncSendTimeout());
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Limits.class)
                .servlet("settings", new Settings(), "/settings")
                .build();
    }

    private static String settings(Host host, String query) throws Exception {
        URI uri = host.httpUri("/settings" + (query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Puts back the defaults {@link #settings} reported before the test changed them. */
    private static void restore(Host host, String before) throws Exception {
        String[] v = before.split(" ");
        assertEquals(before, settings(host, "idle=" + v[0] + "&text=" + v[1] + "&binary=" + v[2] + "&send=" + v[3]));
    }

    @OnHosts
    @DisplayName("[WebSocketContainer setters] sessions opened after a change report the new defaults;"
            + " earlier sessions keep theirs")
    void gettersFollowTheChange(Host host) throws Exception {
        String before = settings(host, "");
        try (Ws old = Ws.connect(host.wsUri("/settings/session"))) {
            assertEquals(before, old.ask("limits"));
            try {
                assertEquals("120000 1000 2000 7000", settings(host, "idle=120000&text=1000&binary=2000&send=7000"));
                try (Ws fresh = Ws.connect(host.wsUri("/settings/session"))) {
                    assertEquals("120000 1000 2000 7000", fresh.ask("limits"));
                }
                assertEquals(before, old.ask("limits"));
            } finally {
                restore(host, before);
            }
            try (Ws after = Ws.connect(host.wsUri("/settings/session"))) {
                assertEquals(before, after.ask("limits"));
            }
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7.1-1] after lowering the container's text and binary buffer sizes, a new session closes"
            + " with 1009 on a bigger message; an earlier session still takes it")
    void bufferSizesAreEnforcedForNewSessions(Host host) throws Exception {
        String before = settings(host, "");
        try (Ws old = Ws.connect(host.wsUri("/settings/session"))) {
            assertEquals(before, old.ask("limits"));
            try {
                settings(host, "text=100&binary=200");
                try (Ws fresh = Ws.connect(host.wsUri("/settings/session"))) {
                    assertEquals("text 100", fresh.ask("t".repeat(100)));
                    fresh.sendBinary(new byte[200]);
                    assertEquals("binary 200", fresh.nextText());
                    fresh.sendText("t".repeat(101));
                    assertEquals(1009, fresh.awaitClose().code());
                }
                try (Ws fresh = Ws.connect(host.wsUri("/settings/session"))) {
                    fresh.sendBinary(new byte[201]);
                    assertEquals(1009, fresh.awaitClose().code());
                }
                assertEquals("text 101", old.ask("t".repeat(101)));
                old.sendBinary(new byte[201]);
                assertEquals("binary 201", old.nextText());
            } finally {
                restore(host, before);
            }
        }
    }

    @OnHosts
    @DisplayName("[WebSocketContainer.setDefaultMaxSessionIdleTimeout] a new session times out after the new idle"
            + " timeout (1001); an earlier, longer silent session stays open")
    void idleTimeoutIsEnforcedForNewSessions(Host host) throws Exception {
        String before = settings(host, "");
        assertTrue(Long.parseLong(before.split(" ")[0]) >= 60_000, "a long default idle timeout: " + before);
        try (Ws old = Ws.connect(host.wsUri("/settings/session"))) {
            assertEquals(before, old.ask("limits")); // the old session's last traffic: silent from here on
            try {
                settings(host, "idle=500");
                try (Ws fresh = Ws.connect(host.wsUri("/settings/session"))) {
                    long start = System.nanoTime();
                    assertEquals(1001, fresh.awaitClose().code());
                    long waited = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(waited >= 300, "closed after " + waited + " ms");
                }
            } finally {
                restore(host, before);
            }
            // Silent for longer than the fresh session's timeout, yet open: it kept the idle timeout it started with.
            assertEquals(before, old.ask("limits"));
        }
    }
}
