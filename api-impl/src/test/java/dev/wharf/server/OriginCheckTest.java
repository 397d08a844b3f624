package dev.wharf.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The default origin check [WSC-3.1.4-1]: an Origin whose host cannot be verified fails the handshake. */
class OriginCheckTest {

    private static boolean check(String hostHeader, Set<String> allowed, String origin) {
        return OriginCheck.during(hostHeader, allowed, () -> new DefaultServerConfigurator().checkOrigin(origin));
    }

    @Test
    @DisplayName("a page of the host the client addressed passes, whatever its scheme or port")
    void sameHostPasses() {
        assertTrue(check("chat.example:8080", Set.of(), "https://chat.example"));
        assertTrue(check("Chat.Example", Set.of(), "http://CHAT.example:3000"));
        assertTrue(check("[::1]:8080", Set.of(), "http://[::1]:5173"));
        assertTrue(check("127.0.0.1:8080", Set.of(), "http://127.0.0.1:8080"));
    }

    @Test
    @DisplayName("another host's page fails unless the application allowed that host, or every origin")
    void otherHostsFailUnlessAllowed() {
        assertFalse(check("chat.example", Set.of(), "https://evil.example"));
        assertFalse(check("chat.example", Set.of(), "https://chat.example.evil.example"));
        assertTrue(check("chat.example", Set.of("app.example"), "https://app.example"));
        assertTrue(check("chat.example", Set.of("*"), "https://anyone.example"));
    }

    @Test
    @DisplayName("an origin that names no verifiable host fails: null (sandboxed or file pages), paths, garbage")
    void unverifiableOriginsFail() {
        assertFalse(check("chat.example", Set.of(), "null"));
        assertFalse(check("chat.example", Set.of(), "https://chat.example/page"));
        assertFalse(check("chat.example", Set.of(), "chat.example"));
        assertFalse(check("chat.example", Set.of(), "https://user@chat.example"));
        assertFalse(check("chat.example", Set.of(), "http://chat example"));
        assertFalse(check(null, Set.of(), "https://chat.example"), "no Host to verify against");
    }

    @Test
    @DisplayName("no Origin at all (not a browser, RFC 6455 §4.2.1) has nothing to verify and passes")
    void absentOriginPasses() {
        assertTrue(check("chat.example", Set.of(), null));
        assertTrue(new DefaultServerConfigurator().checkOrigin(null));
    }

    @Test
    @DisplayName("outside a handshake the default cannot verify an origin, so it fails")
    void outsideAHandshakeAnOriginFails() {
        assertFalse(new DefaultServerConfigurator().checkOrigin("https://chat.example"));
    }

    @Test
    @DisplayName("host parsing: ports and IPv6 brackets removed, case folded")
    void hostParsing() {
        assertEquals("chat.example", OriginCheck.hostOf("Chat.Example:443"));
        assertEquals("::1", OriginCheck.hostOf("[::1]:80"));
        assertEquals("::1", OriginCheck.originHost("http://[::1]:80"));
        assertNull(OriginCheck.originHost("null"));
        assertNull(OriginCheck.hostOf(null));
    }
}
