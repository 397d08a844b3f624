package dev.wharf.servlet.httpsession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec 7.2 [WSC-7.2-3]: when the HTTP session of the handshake ends, its WebSocket sessions close with 1008. */
public class HttpSessionEndTest {

    static final BlockingQueue<String> CLOSES = new LinkedBlockingQueue<>();

    @ServerEndpoint("/ws")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return "echo:" + text;
        }

        @OnClose
        public void closed(CloseReason reason) {
            CLOSES.add(reason.getCloseCode().getCode() + ":" + reason.getReasonPhrase());
        }
    }

    /** Starts an HTTP session: the "login" page of the test app. */
    public static class Login extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(req.getSession(true).getId());
        }
    }

    /** Invalidates the caller's HTTP session: the "logout" page. */
    public static class Logout extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            HttpSession session = req.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            resp.setStatus(session == null ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_NO_CONTENT);
        }
    }

    /** Gives the caller's HTTP session a new id, as a login does against session fixation. */
    public static class Rotate extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(req.changeSessionId());
        }
    }

    private static WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Echo.class)
                .servlet("login", new Login(), "/login")
                .servlet("rotate", new Rotate(), "/rotate")
                .servlet("logout", new Logout(), "/logout")
                .build();
    }

    private static String sessionCookie(HttpResponse<?> response) {
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';'));
        assertTrue(cookie.startsWith("JSESSIONID="), cookie);
        return cookie;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void followsAChangedSessionId(Host host) throws Exception {
        CLOSES.clear();
        try (Host h = host.start(app())) {
            HttpClient http = HttpClient.newHttpClient();
            String cookie = sessionCookie(http.send(HttpRequest.newBuilder(h.httpUri("/login")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            Client client = Client.connect(http, h.wsUri("/ws"), cookie);
            // A round trip first: the socket is surely open and recorded before the id changes.
            client.ws.sendText("hi", true);
            assertEquals("echo:hi", client.texts.poll(10, TimeUnit.SECONDS));
            HttpResponse<String> rotated = http.send(HttpRequest.newBuilder(h.httpUri("/rotate"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            String newCookie = "JSESSIONID=" + rotated.body();
            HttpResponse<Void> logout = http.send(HttpRequest.newBuilder(h.httpUri("/logout"))
                    .header("Cookie", newCookie).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(204, logout.statusCode());
            assertEquals(1008, client.closed.get(10, TimeUnit.SECONDS));
        }
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void invalidatingTheHttpSessionClosesItsWebSocketsWith1008(Host host) throws Exception {
        CLOSES.clear();
        try (Host h = host.start(app())) {
            HttpClient http = HttpClient.newHttpClient();
            String cookie = sessionCookie(http.send(HttpRequest.newBuilder(h.httpUri("/login")).build(),
                    HttpResponse.BodyHandlers.ofString()));

            Client inSession = Client.connect(http, h.wsUri("/ws"), cookie);
            Client withoutSession = Client.connect(http, h.wsUri("/ws"), null);
            inSession.ws.sendText("hi", true);
            assertEquals("echo:hi", inSession.texts.poll(10, TimeUnit.SECONDS));

            HttpResponse<Void> logout = http.send(HttpRequest.newBuilder(h.httpUri("/logout"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(204, logout.statusCode());

            assertEquals(1008, inSession.closed.get(10, TimeUnit.SECONDS), "close code on the wire");
            String endpointSaw = CLOSES.poll(10, TimeUnit.SECONDS);
            assertNotNull(endpointSaw);
            assertTrue(endpointSaw.startsWith("1006:"), "a locally initiated close reports 1006: " + endpointSaw);

            // A WebSocket opened without an HTTP session is not touched.
            withoutSession.ws.sendText("still here", true);
            assertEquals("echo:still here", withoutSession.texts.poll(10, TimeUnit.SECONDS));
            withoutSession.ws.sendClose(1000, "");
            assertEquals(1000, withoutSession.closed.get(10, TimeUnit.SECONDS));
        }
    }

    /** A JDK WebSocket client recording what it receives. */
    private record Client(WebSocket ws, BlockingQueue<String> texts, CompletableFuture<Integer> closed) {
        static Client connect(HttpClient http, URI uri, String cookie) throws Exception {
            BlockingQueue<String> texts = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket.Builder builder = http.newWebSocketBuilder();
            if (cookie != null) {
                builder.header("Cookie", cookie);
            }
            WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    texts.add(data.toString());
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    closed.completeExceptionally(error);
                }
            }).get(10, TimeUnit.SECONDS);
            return new Client(ws, texts, closed);
        }
    }
}
