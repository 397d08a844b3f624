package dev.wharf.handshake;

import java.util.List;

/**
 * A client's opening handshake that passed {@link ServerHandshake#validate}: what the client offers, for the
 * application to choose from.
 *
 * @param key          the {@code Sec-WebSocket-Key}, trimmed
 * @param acceptValue  the {@code Sec-WebSocket-Accept} value answering {@code key}
 * @param subprotocols the offered subprotocols, in the client's order of preference
 * @param extensions   the offered extensions, in the client's order of preference
 * @param origin       the {@code Origin} header, or null when the client sent none (not a browser, RFC 6455 §4.2.1)
 */
public record UpgradeOffer(String key, String acceptValue, List<String> subprotocols, List<ExtensionSpec> extensions,
                           String origin) {

    public UpgradeOffer {
        subprotocols = List.copyOf(subprotocols);
        extensions = List.copyOf(extensions);
    }
}
