package dev.wharf.tck.spec.client;

import dev.wharf.tck.wire.WireConnection;
import java.net.URI;
import java.util.Map;

/** The HTTP status a server answers a valid WebSocket opening handshake with, read off a raw socket. */
public final class HandshakeStatus {

    private HandshakeStatus() {}

    /** 101 when the server upgrades, e.g. 404 when no endpoint (or no application) is at {@code uri}. */
    public static int of(URI uri) throws Exception {
        return of(uri, Map.of());
    }

    /** The same, with extra header fields (e.g. {@code Origin}) added to the valid handshake. */
    public static int of(URI uri, Map<String, String> extra) throws Exception {
        Map<String, String> headers = WireConnection.validHandshake(uri);
        headers.putAll(extra);
        try (WireConnection c = WireConnection.connect(uri, headers, SpecClient.TIMEOUT)) {
            return c.handshake().status();
        }
    }
}
