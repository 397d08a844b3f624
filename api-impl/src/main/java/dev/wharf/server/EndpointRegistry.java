package dev.wharf.server;

import jakarta.websocket.DeploymentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The deployed endpoints of one application and the spec 3.1.1 matching of request paths to them. Reads (every
 * handshake) never lock; deployments replace the list.
 */
final class EndpointRegistry {

    private final List<DeployedEndpoint> endpoints = new CopyOnWriteArrayList<>();

    /** Adds an endpoint, refusing a path that another endpoint has already or that is equivalent [WSC-3.1.1-2]. */
    synchronized void add(DeployedEndpoint endpoint) throws DeploymentException {
        for (DeployedEndpoint existing : endpoints) {
            if (existing.template().isEquivalentTo(endpoint.template())) {
                throw new DeploymentException("cannot deploy " + endpoint.describe() + ": its path '"
                        + endpoint.template().path() + "' is the same as or equivalent to '"
                        + existing.template().path() + "' of " + existing.describe() + " [WSC-3.1.1-2]");
            }
        }
        endpoints.add(endpoint);
    }

    /** Takes every endpoint out of service: handshakes no longer match any. */
    synchronized void clear() {
        endpoints.clear();
    }

    List<DeployedEndpoint> all() {
        return Collections.unmodifiableList(endpoints);
    }

    boolean isEmpty() {
        return endpoints.isEmpty();
    }

    /**
     * The best match for a raw (not decoded) request path relative to the application, or null [WSC-3.1.1-3]; null
     * too for a path with a malformed percent-escape, which then passes to the host like any unmatched request.
     * Of the endpoint paths the request is a valid expansion of [WSC-3.1.1-1], the one whose first differing
     * segment is literal wins, reading from the left: the spec's preference for exact segments, without dropping a
     * template that matches in full because a literal path matched a prefix.
     */
    EndpointMatch match(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String[] raw = UriTemplate.split(rawPath);
        String[] segments = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            segments[i] = UriTemplate.decodeSegment(raw[i]);
            if (segments[i] == null) {
                return null; // a malformed percent-escape: no resource of ours has that name
            }
        }
        DeployedEndpoint best = null;
        for (DeployedEndpoint e : endpoints) {
            if (matches(e.template(), segments) && (best == null || prefers(e.template(), best.template()))) {
                best = e;
            }
        }
        if (best == null) {
            return null;
        }
        UriTemplate t = best.template();
        if (!t.hasVariables()) {
            // The session keeps this map for the connection's life: share one empty map (emptyMap, not Map.of(),
            // so that get(null) answers null as the non-empty map does).
            return new EndpointMatch(best, Collections.emptyMap());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (t.isVariable(i)) {
                params.put(t.variable(i), segments[i]);
            }
        }
        return new EndpointMatch(best, Collections.unmodifiableMap(params));
    }

    private static boolean matches(UriTemplate t, String[] segments) {
        if (t.segmentCount() != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            // A level-1 expansion is never empty.
            if (t.isVariable(i) ? segments[i].isEmpty() : !t.literal(i).equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a} beats {@code b}: at the first segment where one is literal and the other not. */
    private static boolean prefers(UriTemplate a, UriTemplate b) {
        for (int i = 0; i < a.segmentCount(); i++) {
            if (a.isVariable(i) != b.isVariable(i)) {
                return !a.isVariable(i);
            }
        }
        return false;
    }
}
