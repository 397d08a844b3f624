package dev.wharf.server;

import java.util.List;
import java.util.Map;

/**
 * A handshake request that keeps its query parameters apart. {@code HandshakeRequest.getParameterMap()} also holds
 * the URI template's path parameters, since a configurator has no other way to see them; the session has
 * {@code getPathParameters()} for those, so its {@code getRequestParameterMap()} holds the query parameters only.
 */
public interface QueryParameters {

    /** The query parameters by name, unmodifiable. */
    Map<String, List<String>> queryParameters();
}
