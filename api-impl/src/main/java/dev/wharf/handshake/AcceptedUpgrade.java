package dev.wharf.handshake;

import java.util.List;

/**
 * A server's 101 answer that passed {@link ClientHandshake#validateResponse}: what the connection now uses.
 *
 * @param subprotocol the subprotocol the server chose, or null when it chose none
 * @param extensions  the extensions in use, in the server's order, which is the order they apply to data (RFC 6455
 *                    §9.1)
 */
public record AcceptedUpgrade(String subprotocol, List<ExtensionSpec> extensions) {

    public AcceptedUpgrade {
        extensions = List.copyOf(extensions);
    }
}
