package dev.wharf.server;

import dev.wharf.session.SessionInfo;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * A handshake the server accepted: what to answer, and what the session will be made of once the connection is
 * upgraded.
 *
 * @param responseHeaders the {@code Sec-WebSocket-*} headers plus any a configurator added (not Upgrade/Connection)
 */
public record Negotiation(Map<String, List<String>> responseHeaders, Endpoint endpoint, ServerEndpointConfig config,
                          SessionInfo sessionInfo, DeployedEndpoint deployed) {

    /**
     * Whether application code (a configurator's {@code modifyHandshake}) was given the handshake request and so may
     * read it after the upgrade, when the host's request object must no longer be touched.
     */
    public boolean applicationSawRequest() {
        return deployed.configuratorSeesRequest();
    }
}
