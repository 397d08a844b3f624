package dev.wharf.server;

import jakarta.websocket.HandshakeResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The response headers a {@code Configurator.modifyHandshake} sees and may change; names are case-insensitive. */
final class ServerHandshakeResponse implements HandshakeResponse {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }
}
