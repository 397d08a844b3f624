package dev.wharf.tck.spec.configurator;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;

/** Endpoints whose {@code @ServerEndpoint} names subprotocols and a configurator. */
public final class ConfiguredEndpoints {

    private ConfiguredEndpoints() {}

    /**
     * Records what the handshake saw into the session's user properties (through the per-connection copy of the
     * configuration), and creates endpoint instances itself.
     */
    public static class Recording extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            List<String> header = request.getHeaders().get("X-Spec");
            sec.getUserProperties().put("header", header == null ? "none" : String.join(",", header));
            sec.getUserProperties().put("query", String.valueOf(request.getQueryString()));
            response.getHeaders().put("X-Spec-Answer", List.of("recorded"));
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            T instance = super.getEndpointInstance(endpointClass);
            if (instance instanceof Subprotocols s) {
                s.createdBy = "configurator";
            }
            return instance;
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return !"http://refused.example".equals(originHeaderValue);
        }
    }

    @ServerEndpoint(value = "/subprotocols", subprotocols = {"alpha", "beta"}, configurator = Recording.class)
    public static class Subprotocols {
        String createdBy = "container";

        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText("subprotocol=" + s.getNegotiatedSubprotocol()
                    + " header=" + s.getUserProperties().get("header")
                    + " query=" + s.getUserProperties().get("query")
                    + " createdBy=" + createdBy);
        }
    }
}
