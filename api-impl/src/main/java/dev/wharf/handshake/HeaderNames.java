package dev.wharf.handshake;

/** The header field names of the opening handshake, spelled as Wharf writes them. */
public final class HeaderNames {
    public static final String UPGRADE = "Upgrade";
    public static final String CONNECTION = "Connection";
    public static final String ORIGIN = "Origin";
    public static final String ALLOW = "Allow";
    public static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    public static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";
    public static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    public static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    public static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** The only protocol version this container speaks (RFC 6455 §4.1 item 9). */
    public static final String VERSION_13 = "13";

    private HeaderNames() {
    }
}
