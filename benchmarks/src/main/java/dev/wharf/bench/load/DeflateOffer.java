package dev.wharf.bench.load;

/** What a load connection offers in {@code Sec-WebSocket-Extensions} (RFC 7692). */
public enum DeflateOffer {
    /** No extension offered. */
    NONE(null),
    /** No context kept either way: every message stands alone. */
    NO_CONTEXT_TAKEOVER("permessage-deflate; client_no_context_takeover; server_no_context_takeover"),
    /**
     * What Chromium offers on every connection: context takeover both ways, and the server may limit the client's
     * window. The load client compresses with {@code java.util.zip}'s 15-bit window whatever the server answers, so
     * use it only where no message can reach back further than the window the server asked for (the idle scenario
     * sends one message of about 300 bytes: no match can reach back further than that).
     */
    BROWSER("permessage-deflate; client_max_window_bits");

    final String header;

    DeflateOffer(String header) {
        this.header = header;
    }
}
