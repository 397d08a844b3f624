package dev.wharf.client;

import jakarta.websocket.DeploymentException;
import java.util.List;
import java.util.Map;

/**
 * The server did not accept the WebSocket upgrade: it answered with another status than 101 (after any redirects and
 * authentication the client could follow), or its 101 broke RFC 6455 §4.1. Carries the HTTP status and reason
 * phrase, and the response's header fields.
 */
public final class UpgradeException extends DeploymentException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reasonPhrase;
    private final transient Map<String, List<String>> headers;

    public UpgradeException(int status, String reasonPhrase, String message, Map<String, List<String>> headers) {
        super("HTTP " + status + (reasonPhrase == null || reasonPhrase.isEmpty() ? "" : " " + reasonPhrase) + ": "
                + message);
        this.status = status;
        this.reasonPhrase = reasonPhrase == null ? "" : reasonPhrase;
        this.headers = headers == null ? Map.of() : headers;
    }

    /** The HTTP status code of the server's final response. */
    public int status() {
        return status;
    }

    /** The reason phrase of the server's final response, {@code ""} if it sent none. */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** The header fields of the server's final response, names case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }
}
