package dev.wharf.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes endpoint paths and request matching (spec 3.1.1, {@link UriTemplate}, {@link EndpointRegistry}): one to
 * four fuzzed endpoint paths are deployed, then a request path is matched that is either fuzzed or an expansion of
 * a deployed path with fuzzed, percent-encoded values. Properties:
 * <ul>
 *   <li>a bad endpoint path fails only with {@link IllegalArgumentException}; a good one keeps its text, and two
 *       paths are refused as duplicates exactly when they are equivalent [WSC-3.1.1-2];</li>
 *   <li>matching never throws, whatever the request path (a servlet hands over the raw URI);</li>
 *   <li>the match agrees with an independent matcher: the request's decoded segments are a valid expansion of the
 *       matched path [WSC-3.1.1-1], no other matching path is preferred over it [WSC-3.1.1-3], there is no match
 *       only when nothing matches, and the path parameters are the decoded segments;</li>
 *   <li>the expansion of a deployed path with any non-empty values matches, and gives back those values.</li>
 * </ul>
 */
class UriTemplateFuzzTest {

    private static final String[] SEGMENTS = {"a", "b", "{x}", "{y}", "{z}", "", "chat", "{room}", "%41", "{", "}",
        "{}", ".", "..", "a{x}", "+", "%zz"};

    /**
     * One configurator for every deployed config: built without one, the API's config looks the container default
     * up through {@code ServiceLoader} (file system calls on the classpath) each time, which was most of an
     * execution's time; matching does not depend on the configurator.
     */
    private static final ServerEndpointConfig.Configurator CONFIGURATOR = new DefaultServerConfigurator();

    public static class Target extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    @FuzzTest(maxDuration = "60s")
    void matchesLikeTheSpecSays(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 4);
        List<UriTemplate> deployed = new ArrayList<>();
        EndpointRegistry registry = new EndpointRegistry();
        for (int i = 0; i < count; i++) {
            String path = path(data);
            UriTemplate t;
            try {
                t = UriTemplate.parse(path);
            } catch (IllegalArgumentException e) {
                assertNotNull(e.getMessage());
                continue;
            }
            checkParsed(path, t);
            boolean duplicate = deployed.stream().anyMatch(d -> sameShape(d, t));
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Target.class, path)
                    .configurator(CONFIGURATOR).build();
            try {
                registry.add(new DeployedEndpoint(config, t, null));
                assertFalse(duplicate, "an equivalent path was accepted: " + path + " after " + deployed);
                deployed.add(t);
            } catch (DeploymentException e) {
                assertTrue(duplicate, "refused although no deployed path is equivalent: " + path + ": " + e.getMessage());
            }
        }

        String request;
        Map<String, String> values = null;
        UriTemplate expanded = null;
        if (!deployed.isEmpty() && data.consumeBoolean()) {
            expanded = deployed.get(data.consumeInt(0, deployed.size() - 1));
            values = new LinkedHashMap<>();
            request = expand(expanded, data, values);
        } else {
            // An HTTP request-target is ASCII (RFC 9112 §3.2, RFC 3986): other bytes arrive percent-encoded.
            request = new String(data.consumeRemainingAsBytes(), StandardCharsets.US_ASCII).replace('\uFFFD', '?');
        }

        EndpointMatch match = registry.match(request);
        List<String> segments = decodedSegments(request);
        List<UriTemplate> matching = deployed.stream().filter(t -> segments != null && matches(t, segments)).toList();
        if (match == null) {
            assertEquals(List.of(), matching, "no match although these match " + request);
            assertNull(expanded, "an expansion of a deployed path matches: " + request);
            return;
        }
        UriTemplate got = match.endpoint().template();
        assertTrue(matching.contains(got), "the request " + request + " is an expansion of the matched " + got);
        for (UriTemplate other : matching) {
            assertFalse(prefers(other, got), other + " is preferred over the matched " + got + " for " + request);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < got.segmentCount(); i++) {
            if (got.isVariable(i)) {
                expected.put(got.variable(i), segments.get(i));
            }
        }
        assertEquals(expected, match.pathParameters(), "path parameters are the decoded segments");
        if (got == expanded) {
            assertEquals(values, match.pathParameters(), "the values the path was expanded with");
        }
    }

    /** An endpoint path: mostly known segments, so that templates share shapes and compete. */
    private static String path(FuzzedDataProvider data) {
        if (data.consumeInt(0, 7) == 0) {
            return new String(data.consumeBytes(data.consumeInt(0, 40)), StandardCharsets.ISO_8859_1);
        }
        StringBuilder p = new StringBuilder();
        int segments = data.consumeInt(1, 4);
        for (int i = 0; i < segments; i++) {
            p.append('/').append(data.consumeBoolean() ? data.pickValue(SEGMENTS)
                    : new String(data.consumeBytes(data.consumeInt(0, 6)), StandardCharsets.ISO_8859_1));
        }
        return p.toString();
    }

    private static void checkParsed(String path, UriTemplate t) {
        assertEquals(path, t.path());
        assertEquals(path.substring(1).split("/", -1).length, t.segmentCount());
        assertEquals(t.variableNames().size(), new HashSet<>(t.variableNames()).size(), "variables are unique");
        assertTrue(t.isEquivalentTo(t));
        for (int i = 0; i < t.segmentCount(); i++) {
            assertTrue(t.isVariable(i) == (t.literal(i) == null), "a segment is a literal or a variable");
        }
    }

    /** Independently of isEquivalentTo: the same literals in the same places, variables in the same places. */
    private static boolean sameShape(UriTemplate a, UriTemplate b) {
        assertEquals(a.isEquivalentTo(b), b.isEquivalentTo(a), "equivalence is symmetric");
        if (a.segmentCount() != b.segmentCount()) {
            return false;
        }
        for (int i = 0; i < a.segmentCount(); i++) {
            if (a.isVariable(i) != b.isVariable(i) || (!a.isVariable(i) && !a.literal(i).equals(b.literal(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The template with each literal percent-encoded and each variable replaced by a fuzzed non-empty value. */
    private static String expand(UriTemplate t, FuzzedDataProvider data, Map<String, String> values) {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < t.segmentCount(); i++) {
            raw.append('/');
            if (t.isVariable(i)) {
                String value = data.consumeString(12);
                if (value.isEmpty() || !StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
                    value = "v";
                }
                values.put(t.variable(i), value);
                raw.append(percentEncode(value));
            } else {
                raw.append(percentEncode(t.literal(i)));
            }
        }
        return raw.toString();
    }

    /** RFC 3986 §2: everything but unreserved characters as %XX of its UTF-8 bytes. */
    private static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /**
     * The request path's segments percent-decoded (UTF-8, malformed sequences replaced; '+' is a plain character in
     * a path), or null when the path does not start with '/' or holds a '%' not followed by two hex digits: such a
     * path names no resource, so it matches nothing.
     */
    static List<String> decodedSegments(String raw) {
        if (!raw.startsWith("/")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String segment : raw.substring(1).split("/", -1)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '%') {
                    if (i + 2 >= segment.length()) {
                        return null;
                    }
                    int hi = Character.digit(segment.charAt(i + 1), 16);
                    int lo = Character.digit(segment.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        return null;
                    }
                    bytes.write(hi * 16 + lo);
                    i += 2;
                } else {
                    bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            out.add(bytes.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** [WSC-3.1.1-1]: same number of segments, literals equal, variables non-empty (a level-1 expansion). */
    private static boolean matches(UriTemplate t, List<String> segments) {
        if (t.segmentCount() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (t.isVariable(i) ? segments.get(i).isEmpty() : !t.literal(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** [WSC-3.1.1-3], reading from the left: at the first segment where they differ in kind, the literal wins. */
    private static boolean prefers(UriTemplate a, UriTemplate b) {
        for (int i = 0; i < a.segmentCount(); i++) {
            if (a.isVariable(i) != b.isVariable(i)) {
                return !a.isVariable(i);
            }
        }
        return false;
    }
}
