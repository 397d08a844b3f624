package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;

/**
 * Security constraints of the web application applied to opening handshakes (spec 8.2, 8.3): a constraint's
 * http-method, and its transport guarantee. The servlet container enforces them; Wharf must not upgrade around them.
 */
@DisplayName("Security constraints on handshakes [WSC-8.2-2, WSC-8.3-1, WSC-8.3-2]")
class ConstraintSpecTest extends SpecHostedTest {

    /**
     * Says who is connected, or to {@code secure?} whether the session is secure; deployed at several paths under
     * differently constrained prefixes.
     */
    @ServerEndpoint("/post-only/who")
    public static class PostOnly {
        @OnMessage
        public String who(Session session, String question) {
            if (question.equals("secure?")) {
                return String.valueOf(session.isSecure());
            }
            return session.getUserPrincipal() == null ? "nobody" : session.getUserPrincipal().getName();
        }
    }

    @ServerEndpoint("/get-only/who")
    public static class GetOnly extends PostOnly {
        @Override
        @OnMessage
        public String who(Session session, String question) {
            return super.who(session, question);
        }
    }

    @ServerEndpoint("/tls/who")
    public static class Tls extends PostOnly {
        @Override
        @OnMessage
        public String who(Session session, String question) {
            return super.who(session, question);
        }
    }

    @ServerEndpoint("/open/who")
    public static class Open extends PostOnly {
        @Override
        @OnMessage
        public String who(Session session, String question) {
            return super.who(session, question);
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), PostOnly.class, GetOnly.class, Tls.class,
                        Open.class)
                .user("ada", "secret", "member")
                .protectMethod("/post-only/*", "POST", "member")
                .protectMethod("/get-only/*", "GET", "member")
                .requireConfidential("/tls/*")
                .build();
    }

    @OnHosts
    @DisplayName("[WSC-8.2-2] a constraint for POST only does not apply to the handshake; one for GET does (401)")
    void onlyGetConstraintsApply(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/post-only/who"))) {
            assertEquals("nobody", ws.ask("who"));
        }
        assertEquals(401, RawHandshake.to(host.wsUri("/get-only/who")).send().status());
        String ada = "Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes());
        try (Ws ws = Ws.connectWithHeader(host.wsUri("/get-only/who"), "Authorization", ada)) {
            assertEquals("ada", ws.ask("who"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-8.3-2, WSC-8.3-1] CONFIDENTIAL refuses a ws:// handshake, redirecting to https; NONE allows it")
    void confidentialRefusesPlainWs(Host host) throws Exception {
        RawHandshake.Response refused = RawHandshake.to(host.wsUri("/tls/who")).send();
        assertEquals(302, refused.status(), "refused with a redirect to the TLS port");
        URI location = URI.create(refused.header("Location"));
        assertEquals("https", location.getScheme());
        assertEquals(host.tlsPort(), location.getPort());
        assertEquals("/app/tls/who", location.getPath());
        try (Ws ws = Ws.connect(host.wsUri("/open/who"))) {
            assertEquals("nobody", ws.ask("who"));
            assertEquals("false", ws.ask("secure?"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-8.3-2] CONFIDENTIAL allows a wss:// handshake (101); the session is secure and answers")
    void confidentialAcceptsWss(Host host) throws Exception {
        assertEquals(101, RawHandshake.to(host.wssUri("/tls/who")).over(host.clientTls()).send().status());
        try (Ws ws = Ws.connectSecure(host.wssUri("/tls/who"), host.clientTls())) {
            assertEquals("true", ws.ask("secure?"));
            assertEquals("nobody", ws.ask("who"));
            ws.closeNormally();
        }
        // The same endpoint over ws:// is still refused: the guarantee holds per connection, not per endpoint.
        assertEquals(302, RawHandshake.to(host.wsUri("/tls/who")).send().status());
    }
}
