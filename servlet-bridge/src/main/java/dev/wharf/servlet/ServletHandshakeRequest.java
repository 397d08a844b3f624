package dev.wharf.servlet;

import dev.wharf.handshake.HeaderLookup;
import dev.wharf.server.QueryParameters;
import dev.wharf.server.RequestUriText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opening handshake request as {@code Configurator.modifyHandshake} and the session see it. What the session
 * keeps is read from the servlet request up front. The headers are copied only when asked for: Wharf's own checks
 * read the few they need from the servlet request directly, and a copy of every header per handshake was a large
 * part of what a handshake allocated. The request object must not be touched after {@code upgrade()}, so
 * {@link #detach()} copies them before it whenever application code may hold on to this object.
 */
final class ServletHandshakeRequest implements HandshakeRequest, HeaderLookup, QueryParameters, RequestUriText {

    private final HttpServletRequest request;
    /** All headers, copied on first request; null until then. */
    private volatile Map<String, List<String>> headers;
    private final Map<String, List<String>> parameters;
    private final Map<String, List<String>> query;
    private final String requestUrl;
    /** {@link #requestUrl} parsed: up front when {@link RequestUrl#surelyParses} cannot vouch for it, else if asked. */
    private volatile URI requestUri;
    private final String queryString;
    private final Principal principal;

    /** {@code pathParameters}: the variables of the endpoint's URI template, as matched for this request. */
    ServletHandshakeRequest(HttpServletRequest request, Map<String, String> pathParameters) {
        this.request = request;
        this.query = readQuery(request);
        this.parameters = withPathParameters(pathParameters, query);
        this.queryString = request.getQueryString();
        this.requestUrl = RequestUrl.of(request);
        if (!RequestUrl.surelyParses(requestUrl)) {
            this.requestUri = URI.create(requestUrl); // one it cannot represent fails the handshake here, as always
        }
        this.principal = request.getUserPrincipal();
    }

    private static Map<String, List<String>> readHeaders(HttpServletRequest request) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            List<String> values = map.computeIfAbsent(name, n -> new ArrayList<>());
            for (Enumeration<String> v = request.getHeaders(name); v.hasMoreElements(); ) {
                values.add(v.nextElement());
            }
        }
        map.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, List<String>> readQuery(HttpServletRequest request) {
        // No query string, no parameters (a handshake is a GET without a body): Jetty builds its parameter map for
        // getParameterMap() even when it is empty, which most handshakes need not pay for.
        Map<String, String[]> given = request.getQueryString() == null ? Map.of() : request.getParameterMap();
        if (given.isEmpty()) {
            // The session keeps this map for the connection's life: most handshakes have no query, so share one.
            // (emptyMap, not Map.of(): get(null) answers null like the non-empty map, instead of throwing.)
            return Collections.emptyMap();
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        given.forEach((name, values) -> map.put(name, List.of(values)));
        return Collections.unmodifiableMap(map);
    }

    /**
     * The request parameters as {@link #getParameterMap()} answers them: the path parameters of the URI template,
     * then the query parameters. The official TCK's {@code HandshakeRequest.getParameterMap} tests expect both, as
     * Tomcat answers; the javadoc says only "the request parameters associated with the request", and a configurator
     * has no other way to read the path variables. A name that is both keeps every value, the path segment first.
     */
    private static Map<String, List<String>> withPathParameters(Map<String, String> pathParameters,
            Map<String, List<String>> query) {
        if (pathParameters.isEmpty()) {
            return query;
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        pathParameters.forEach((name, value) -> map.put(name, List.of(value)));
        query.forEach((name, values) -> map.merge(name, values, (path, q) -> {
            List<String> both = new ArrayList<>(path);
            both.addAll(q);
            return List.copyOf(both);
        }));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public List<String> values(String name) {
        Map<String, List<String>> copied = headers;
        if (copied != null) {
            List<String> values = copied.get(name);
            return values == null ? List.of() : values;
        }
        return headerValues(request, name);
    }

    /**
     * A request header's values as the servlet request gives them; a header sent once (nearly all) becomes a
     * one-element list instead of an {@code ArrayList} with room for ten.
     */
    static List<String> headerValues(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return List.of(first);
        }
        List<String> all = new ArrayList<>();
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
        Map<String, List<String>> copied = headers;
        if (copied == null) {
            copied = readHeaders(request);
            headers = copied;
        }
        return copied;
    }

    /** Copies what is still read from the servlet request, which must not be touched after the upgrade. */
    void detach() {
        getHeaders();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public URI getRequestURI() {
        URI parsed = requestUri;
        if (parsed == null) {
            parsed = URI.create(requestUrl);
            requestUri = parsed;
        }
        return parsed;
    }

    @Override
    public String requestUriText() {
        return requestUrl;
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public Object getHttpSession() {
        return request.getSession(false);
    }

    @Override
    public Map<String, List<String>> getParameterMap() {
        return parameters;
    }

    /** The query parameters alone, for the session's {@code getRequestParameterMap()}. */
    @Override
    public Map<String, List<String>> queryParameters() {
        return query;
    }

    @Override
    public String getQueryString() {
        return queryString;
    }
}
