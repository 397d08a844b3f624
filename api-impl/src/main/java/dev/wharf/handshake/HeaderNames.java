package dev.wharf.handshake;

/** The header field names of the opening handshake, spelled as Wharf writes them. */
final class HeaderNames {
    static final String UPGRADE = "Upgrade";
    static final String CONNECTION = "Connection";
    static final String ORIGIN = "Origin";
    static final String ALLOW = "Allow";
    static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";
    static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** The only protocol version this container speaks (RFC 6455 §4.1 item 9). */
    static final String VERSION_13 = "13";

    private HeaderNames() {
    }
}
