package dev.wharf.client;

import jakarta.websocket.DeploymentException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The client's URI rules: which URIs may be connected to, their http(s) form, redirects, query parameters. */
final class ClientUris {

    private ClientUris() {
    }

    /** A ws or wss URI with a host and no fragment, else why not. */
    static URI checkUri(URI uri) throws DeploymentException {
        if (uri == null) {
            throw new DeploymentException("the URI to connect to is null");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new DeploymentException("cannot connect to " + uri + ": the scheme must be ws or wss");
        }
        if (uri.getHost() == null) {
            throw new DeploymentException("cannot connect to " + uri + ": no host");
        }
        if (uri.getRawFragment() != null) { // RFC 6455 §3: fragments are not allowed
            throw new DeploymentException("cannot connect to " + uri + ": a WebSocket URI has no fragment");
        }
        return uri;
    }

    /** ws → http, wss → https, for jetty-client; the user info is dropped (it never goes on the wire). */
    static URI toHttp(URI uri) {
        String scheme = uri.getScheme().equalsIgnoreCase("wss") || uri.getScheme().equalsIgnoreCase("https")
                ? "https" : "http";
        try {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                    ? "[" + uri.getHost() + "]" : uri.getHost();
            return new URI(scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path + query);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A redirect's target, relative references resolved; http(s) locations become ws(s). */
    static URI redirect(URI from, String location) throws DeploymentException {
        URI resolved;
        try {
            resolved = toHttp(from).resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DeploymentException("invalid redirect location '" + location + "' from " + from, e);
        }
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        String ws = switch (scheme) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new DeploymentException("cannot follow a redirect to " + resolved);
        };
        try {
            return new URI(ws, resolved.getRawAuthority() == null ? null : resolved.getAuthority(),
                    resolved.getPath(), resolved.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new DeploymentException("invalid redirect location '" + location + "'", e);
        }
    }

    /** The query's parameters, decoded, in order, for the client session's {@code getRequestParameterMap()}. */
    static Map<String, List<String>> queryParameters(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }
}
