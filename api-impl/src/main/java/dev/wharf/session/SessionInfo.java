package dev.wharf.session;

import jakarta.websocket.Extension;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * What the opening handshake established for a session, as the Jakarta {@code Session} getters report it. It lives
 * as long as the connection, so it keeps the request URI as its text: a parsed {@code java.net.URI} and its
 * component strings cost several hundred bytes per connection, and {@code Session.getRequestURI()} is rarely called.
 *
 * @param requestUri        the request URI with its query string, as text that {@code URI.create} accepts
 * @param queryString       the raw query string, null if none
 * @param requestParameters the request parameters (query parameters) by name
 * @param pathParameters    the values of the endpoint path template's variables
 * @param userPrincipal     the authenticated user, or null
 * @param subprotocol       the negotiated subprotocol, "" if none
 * @param extensions        the negotiated extensions
 * @param secure            whether the connection is encrypted
 * @param userProperties    the initial user properties (already a per-session copy, spec 3.1.5)
 */
public record SessionInfo(String requestUri, String queryString, Map<String, List<String>> requestParameters,
                          Map<String, String> pathParameters, Principal userPrincipal, String subprotocol,
                          List<Extension> extensions, boolean secure, Map<String, Object> userProperties) {
}
