package dev.wharf.handshake;

import java.util.Map;

/**
 * The server turns a client's opening handshake down: the HTTP status to answer with, a one-line reason for the
 * response body and the log, and any header fields the answer must carry.
 */
public final class HandshakeRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Map<String, String> headers;

    public HandshakeRefusal(int status, String reason, Map<String, String> headers) {
        // An expected outcome, not a bug: no stack trace to fill. The reason may carry text from application code
        // (a configurator's exception message), so line breaks are folded here to keep the body one line.
        super(reason == null ? null : reason.replaceAll("\\R+", " "), null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** 400 Bad Request: the request breaks RFC 6455 §4.2.1. */
    public static HandshakeRefusal badRequest(String reason) {
        return new HandshakeRefusal(400, reason, Map.of());
    }

    /**
     * 426 Upgrade Required with {@code Sec-WebSocket-Version: 13}, telling the client which version to retry with
     * (RFC 6455 §4.2.2 /version/, §4.4).
     */
    public static HandshakeRefusal unsupportedVersion(String reason) {
        return new HandshakeRefusal(426, reason, Map.of(HeaderNames.SEC_WEBSOCKET_VERSION, HeaderNames.VERSION_13));
    }

    /** 403 Forbidden, e.g. for an {@code Origin} the application does not accept (RFC 6455 §4.2.2, §10.2). */
    public static HandshakeRefusal forbidden(String reason) {
        return new HandshakeRefusal(403, reason, Map.of());
    }

    /** 404 Not Found: no endpoint serves the requested resource name. */
    public static HandshakeRefusal notFound(String reason) {
        return new HandshakeRefusal(404, reason, Map.of());
    }

    public int status() {
        return status;
    }

    /** One human-readable line, safe to send as a plain-text body. */
    public String reason() {
        return getMessage();
    }

    /** Header fields the refusal must carry, in addition to what the host adds; unmodifiable. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "HandshakeRefusal[" + status + " " + getMessage() + (headers.isEmpty() ? "" : ", " + headers) + "]";
    }
}
