package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Base64;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/**
 * Security (spec chapter 8) and what a session knows of its opening handshake (javadoc of {@code Session}):
 * principal, request URI, query, parameters, path parameters, and its endpoint's open sessions.
 */
@DisplayName("Security and the session's view of the handshake [WSC-8.1-1, WSC-8.2-1, Session]")
class SecuritySpecTest extends SpecHostedTest {

    /** Answers questions about its session. */
    @ServerEndpoint("/secure/who")
    public static class Who {
        @OnMessage
        public String who(Session session, String question) {
            return session.getUserPrincipal() == null ? "nobody" : session.getUserPrincipal().getName();
        }
    }

    @ServerEndpoint("/rooms/{room}/{user}")
    public static class Room {
        @OnMessage
        public String ask(Session session, String question) {
            return switch (question) {
                case "uri" -> session.getRequestURI().toString();
                case "query" -> String.valueOf(session.getQueryString());
                case "params" -> new TreeMap<>(session.getRequestParameterMap()).toString();
                case "path" -> new TreeMap<>(session.getPathParameters()).toString();
                case "principal" -> String.valueOf(session.getUserPrincipal());
                case "open" -> session.getOpenSessions().stream()
                        .map(s -> s.getPathParameters().get("user"))
                        .collect(Collectors.toCollection(TreeSet::new)).toString();
                default -> "?";
            };
        }
    }

    @ServerEndpoint("/lobby/{user}")
    public static class Lobby extends Room {
        @Override
        @OnMessage
        public String ask(Session session, String question) {
            return super.ask(session, question);
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Who.class, Room.class, Lobby.class)
                .user("ada", "secret", "member")
                .user("eve", "secret", "guest")
                .protect("/secure/*", "member")
                .build();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes());
    }

    @OnHosts
    @DisplayName("[WSC-8.1-1] an unauthenticated handshake for a protected endpoint gets 401, no connection")
    void unauthenticatedIs401(Host host) throws Exception {
        assertEquals(401, RawHandshake.to(host.wsUri("/secure/who")).send().status());
    }

    @OnHosts
    @DisplayName("[WSC-8.2-1] an authenticated user without the role is refused with 403")
    void unauthorizedIs403(Host host) throws Exception {
        assertEquals(403, RawHandshake.to(host.wsUri("/secure/who")).header("Authorization", basic("eve")).send()
                .status());
    }

    @OnHosts
    @DisplayName("[Session.getUserPrincipal] the principal authenticated at the handshake")
    void principalIsTheHandshakes(Host host) throws Exception {
        try (Ws ws = Ws.connectWithHeader(host.wsUri("/secure/who"), "Authorization", basic("ada"))) {
            assertEquals("ada", ws.ask("who"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/rooms/r/u"))) {
            assertEquals("null", ws.ask("principal"));
        }
    }

    @OnHosts
    @DisplayName("[Session] request URI, query string, parameter map and path parameters of the handshake")
    void requestView(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/rooms/blue%20sky/ada?x=1&y=two&x=3"))) {
            assertEquals(host.wsUri("/rooms/blue%20sky/ada?x=1&y=two&x=3").toString(), ws.ask("uri"));
            assertEquals("x=1&y=two&x=3", ws.ask("query"));
            assertEquals("{x=[1, 3], y=[two]}", ws.ask("params"));
            assertEquals("{room=blue sky, user=ada}", ws.ask("path"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/rooms/r/u"))) {
            assertEquals("null", ws.ask("query"));
            assertEquals("{}", ws.ask("params"));
        }
    }

    @OnHosts
    @DisplayName("[Session.getOpenSessions] the open sessions of the same endpoint only, across path values")
    void openSessionsOfTheSameEndpoint(Host host) throws Exception {
        try (Ws a = Ws.connect(host.wsUri("/rooms/one/a"));
             Ws b = Ws.connect(host.wsUri("/rooms/two/b"));
             Ws c = Ws.connect(host.wsUri("/lobby/c"))) {
            assertEquals("[a, b]", a.ask("open"));
            assertEquals("[c]", c.ask("open"));
            b.closeNormally();
            assertEquals("[a]", a.ask("open"));
        }
    }
}
