package dev.wharf.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EndpointRegistryTest {

    public static class A extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    public static class B extends A {
    }

    public static class C extends A {
    }

    private static EndpointRegistry registry(Object... classAndPath) throws DeploymentException {
        EndpointRegistry r = new EndpointRegistry();
        for (int i = 0; i < classAndPath.length; i += 2) {
            ServerEndpointConfig config = ServerEndpointConfig.Builder
                    .create((Class<?>) classAndPath[i], (String) classAndPath[i + 1]).build();
            r.add(new DeployedEndpoint(config, UriTemplate.parse(config.getPath()), null));
        }
        return r;
    }

    private static String matched(EndpointRegistry r, String path) {
        EndpointMatch m = r.match(path);
        return m == null ? null : m.endpoint().config().getPath() + " " + m.pathParameters();
    }

    @Test
    @DisplayName("[WSC-3.1.1-1] an exact path matches only itself, trailing slash included")
    void exactPathMatchesOnlyItself() throws Exception {
        EndpointRegistry r = registry(A.class, "/a/b/");
        assertEquals("/a/b/ {}", matched(r, "/a/b/"));
        assertNull(matched(r, "/a/b"));
    }

    @Test
    @DisplayName("[WSC-3.1.1-1] a variable matches one non-empty segment")
    void variableMatchesOneNonEmptySegment() throws Exception {
        EndpointRegistry r = registry(A.class, "/a/{var}");
        assertEquals("/a/{var} {var=b}", matched(r, "/a/b"));
        assertEquals("/a/{var} {var=apple}", matched(r, "/a/apple"));
        assertNull(matched(r, "/a"));
        assertNull(matched(r, "/a/"));
        assertNull(matched(r, "/a/b/"));
        assertNull(matched(r, "/a/b/c"));
    }

    @Test
    @DisplayName("[WSC-3.1.1-3] exact segments are preferred from left to right (the spec's examples)")
    void exactSegmentsArePreferredFromTheLeft() throws Exception {
        EndpointRegistry r = registry(A.class, "/a/{var}/c", B.class, "/a/b/c", C.class, "/a/{var1}/{var2}");
        assertEquals("/a/b/c {}", matched(r, "/a/b/c"));
        assertEquals("/a/{var}/c {var=d}", matched(r, "/a/d/c"));
        assertEquals("/a/{var1}/{var2} {var1=x, var2=y}", matched(r, "/a/x/y"));

        EndpointRegistry leftToRight = registry(A.class, "/{var1}/d", B.class, "/b/{var2}");
        assertEquals("/b/{var2} {var2=d}", matched(leftToRight, "/b/d"));
    }

    @Test
    @DisplayName("[WSC-3.1.1-1] a template still matches when a literal path shares its prefix")
    void templateMatchesWhenLiteralPathSharesPrefix() throws Exception {
        EndpointRegistry r = registry(A.class, "/rooms/lobby/users/me", B.class, "/rooms/{room}/users/{id}");
        assertEquals("/rooms/lobby/users/me {}", matched(r, "/rooms/lobby/users/me"));
        assertEquals("/rooms/{room}/users/{id} {room=lobby, id=7}", matched(r, "/rooms/lobby/users/7"));
    }

    @Test
    @DisplayName("path variables are percent-decoded per segment; an encoded slash stays inside the segment")
    void pathVariablesAreDecodedPerSegment() throws Exception {
        EndpointRegistry r = registry(A.class, "/files/{name}");
        assertEquals(Map.of("name", "a b/c"), r.match("/files/a%20b%2Fc").pathParameters());
    }

    @Test
    @DisplayName("[WSC-3.1.1] segments are percent-decoded; a malformed escape matches nothing instead of throwing")
    void malformedPercentEscapesMatchNothing() throws Exception {
        EndpointRegistry r = registry(A.class, "/chat/{room}", B.class, "/a+b");
        assertEquals("/chat/{room} {room=café/x}", matched(r, "/chat/caf%C3%A9%2Fx"));
        assertEquals("/a+b {}", matched(r, "/a+b"), "'+' is a plain character in a path");
        // UriTemplateFuzzTest's findings: URLDecoder threw for the first two and read the third as a NUL byte.
        for (String bad : new String[] {"/chat/%zz", "/chat/%4", "/chat/%-0", "/chat/%", "/chat/x%2"}) {
            assertNull(matched(r, bad), bad);
        }
    }

    @Test
    @DisplayName("[WSC-3.1.1-2] the same path or an equivalent template cannot be deployed twice")
    void equivalentPathsAreRefused() throws Exception {
        DeploymentException same = assertThrows(DeploymentException.class,
                () -> registry(A.class, "/x/{a}", B.class, "/x/{b}"));
        assertTrue(same.getMessage().contains("/x/{b}") && same.getMessage().contains("/x/{a}"), same.getMessage());
        assertThrows(DeploymentException.class, () -> registry(A.class, "/chat", B.class, "/chat"));
        registry(A.class, "/x/{a}", B.class, "/x/y"); // a literal beside a template is fine
    }

    @Test
    @DisplayName("[WSC-3.1.1] paths must start with '/', use whole-segment variables once, and no dot segments")
    void invalidPathsAreRefused() {
        for (String bad : new String[] {"chat", "/a//b", "/a/../b", "/a/./b", "/a/{x}{y}", "/a/b{x}", "/{x}/{x}"}) {
            assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse(bad), bad);
        }
    }
}
