package dev.wharf.engine;

/** The closing handshake, RFC 6455 §7: both sides must send and receive one close frame. */
public enum CloseState {
    /** No close frame sent or received. */
    OPEN,
    /** One close frame sent or received, the other still outstanding. */
    CLOSING,
    /** Close frames sent and received, or the connection failed or ended: nothing more is read or written. */
    CLOSED
}
