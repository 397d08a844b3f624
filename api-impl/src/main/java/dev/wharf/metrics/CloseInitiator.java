package dev.wharf.metrics;

/** Who started the close of a session, as the close meters break closes down. */
public enum CloseInitiator {
    /** The peer sent a close frame, or the connection dropped (code 1006). */
    PEER,
    /** The application called {@code Session.close}. */
    APPLICATION,
    /** The container closed on its own: idle or send timeout, full send queue or budget, shutdown, a failed onOpen. */
    CONTAINER,
    /** The peer broke the protocol (RFC 6455 §7.4.1: 1002, 1007, 1009 …) and the engine failed the connection. */
    PROTOCOL;

    /** The tag value: lower case. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
