package dev.wharf.handshake;

/**
 * The client rejects the server's answer to its opening handshake (RFC 6455 §4.1: _Fail the WebSocket Connection_).
 * Carries the HTTP status the server sent, so a caller can tell a 401 or a redirect from a broken 101.
 */
public final class HandshakeFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HandshakeFailure(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The HTTP status code of the server's response. */
    public int status() {
        return status;
    }

    /** One human-readable line saying what was wrong with the response. */
    public String reason() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "HandshakeFailure[" + status + " " + getMessage() + "]";
    }
}
