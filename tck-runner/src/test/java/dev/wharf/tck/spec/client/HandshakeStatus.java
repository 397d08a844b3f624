package dev.wharf.tck.spec.client;

import dev.wharf.tck.wire.WireConnection;
import java.net.URI;

/** The HTTP status a server answers a valid WebSocket opening handshake with, read off a raw socket. */
public final class HandshakeStatus {

    private HandshakeStatus() {}

    /** 101 when the server upgrades, e.g. 404 when no endpoint (or no application) is at {@code uri}. */
    public static int of(URI uri) throws Exception {
        try (WireConnection c = WireConnection.connect(uri, WireConnection.validHandshake(uri), SpecClient.TIMEOUT)) {
            return c.handshake().status();
        }
    }
}
