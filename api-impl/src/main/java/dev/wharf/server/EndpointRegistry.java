package dev.wharf.server;

import jakarta.websocket.DeploymentException;
import java.util.ArrayList;
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

    List<DeployedEndpoint> all() {
        return Collections.unmodifiableList(endpoints);
    }

    boolean isEmpty() {
        return endpoints.isEmpty();
    }

    /**
     * The best match for a raw (not decoded) request path relative to the application, or null [WSC-3.1.1-3]:
     * segment by segment from the left, an exact segment beats a variable one.
     */
    EndpointMatch match(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String[] raw = UriTemplate.split(rawPath);
        String[] segments = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            segments[i] = UriTemplate.decodeSegment(raw[i]);
        }
        List<DeployedEndpoint> candidates = new ArrayList<>();
        for (DeployedEndpoint e : endpoints) {
            if (e.template().segmentCount() == segments.length) {
                candidates.add(e);
            }
        }
        for (int i = 0; i < segments.length && !candidates.isEmpty(); i++) {
            List<DeployedEndpoint> exact = new ArrayList<>();
            List<DeployedEndpoint> variable = new ArrayList<>();
            for (DeployedEndpoint e : candidates) {
                UriTemplate t = e.template();
                if (t.isVariable(i)) {
                    // A level-1 expansion is never empty.
                    if (!segments[i].isEmpty()) {
                        variable.add(e);
                    }
                } else if (t.literal(i).equals(segments[i])) {
                    exact.add(e);
                }
            }
            candidates = exact.isEmpty() ? variable : exact;
        }
        if (candidates.isEmpty()) {
            return null;
        }
        DeployedEndpoint best = candidates.get(0);
        Map<String, String> params = new LinkedHashMap<>();
        UriTemplate t = best.template();
        for (int i = 0; i < segments.length; i++) {
            if (t.isVariable(i)) {
                params.put(t.variable(i), segments[i]);
            }
        }
        return new EndpointMatch(best, Collections.unmodifiableMap(params));
    }
}
