package dev.wharf.server;

import dev.wharf.handshake.HandshakeRefusal;
import dev.wharf.handshake.HeaderLookup;
import dev.wharf.handshake.ServerHandshake;
import dev.wharf.handshake.UpgradeOffer;
import dev.wharf.session.NegotiatedExtension;
import dev.wharf.session.SessionInfo;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a server handshake that the endpoint's configurator and the container's {@link HandshakePolicy}
 * decide, after {@link ServerHandshake} has checked the request against RFC 6455: origin, subprotocol, extensions,
 * {@code modifyHandshake}, the endpoint instance. Stateless; its answer is a {@link Negotiation} or a refusal.
 */
final class ConfiguratorHandshake {

    private ConfiguratorHandshake() {
    }

    /**
     * Runs the configurator's part of the handshake for a request already validated against RFC 6455:
     * origin [WSC-3.1.4-1], subprotocol [WSC-3.1.2-1], extensions [WSC-3.1.3-1], {@code modifyHandshake}, and the
     * endpoint instance [WSC-3.1.7-1].
     *
     * @throws HandshakeRefusal 403 for a refused origin, 500 when the configurator or endpoint creation fails
     */
    static Negotiation run(EndpointMatch match, HandshakeRequest request, UpgradeOffer offer, boolean secure,
                           HandshakePolicy policy, Set<Extension> installed) throws HandshakeRefusal {
        DeployedEndpoint deployed = match.endpoint();
        ServerEndpointConfig.Configurator configurator = deployed.configurator();
        ConnectionConfig config = new ConnectionConfig(deployed.config());
        if (!OriginCheck.during(firstHeader(request, "Host"), policy.allowedOrigins(),
                () -> configurator.checkOrigin(offer.origin()))) {
            throw HandshakeRefusal.forbidden("origin '" + offer.origin() + "' is not allowed for "
                    + deployed.template().path());
        }
        String subprotocol = configurator.getNegotiatedSubprotocol(config.getSubprotocols(), offer.subprotocols());
        if (subprotocol == null) {
            subprotocol = "";
        }
        if (!subprotocol.isEmpty() && !offer.subprotocols().contains(subprotocol)) {
            throw serverError("configurator chose subprotocol '" + subprotocol + "' the client did not offer");
        }
        List<Extension> extensions = policy.agreeDeflate(configurator.getNegotiatedExtensions(
                new ArrayList<>(installed), NegotiatedExtension.fromSpecs(offer.extensions())), offer.extensions());
        ServerHandshakeResponse response = new ServerHandshakeResponse();
        Map<String, String> headers;
        try {
            headers = ServerHandshake.responseHeaders(offer, subprotocol.isEmpty() ? null : subprotocol,
                    NegotiatedExtension.toSpecs(extensions));
        } catch (IllegalArgumentException e) {
            throw serverError("configurator negotiated something the client did not offer: " + e.getMessage());
        }
        headers.forEach((name, value) -> response.getHeaders().put(name, new ArrayList<>(List.of(value))));
        configurator.modifyHandshake(config, request, response);
        Endpoint endpoint;
        try {
            endpoint = deployed.newEndpoint();
        } catch (InstantiationException | RuntimeException e) {
            // A bare exception still names what went wrong: its type, when it has no message.
            String why = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            throw serverError("cannot create endpoint " + deployed.describe() + ": " + why);
        }
        // toString() of a URI parsed from text returns that text: the session keeps no URI object (see SessionInfo).
        Map<String, List<String>> query = request instanceof QueryParameters q ? q.queryParameters()
                : request.getParameterMap();
        String uri = request instanceof RequestUriText text ? text.requestUriText()
                : request.getRequestURI().toString();
        SessionInfo info = new SessionInfo(uri, request.getQueryString(),
                query, match.pathParameters(), request.getUserPrincipal(), subprotocol,
                List.copyOf(extensions), secure, config.getUserProperties());
        return new Negotiation(response.getHeaders(), endpoint, config, info, deployed);
    }

    /** A request header's first value, its name matched without regard to case (the map may be case-sensitive). */
    private static String firstHeader(HandshakeRequest request, String name) {
        if (request instanceof HeaderLookup lookup) {
            List<String> values = lookup.values(name);
            return values.isEmpty() ? null : values.get(0);
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    private static HandshakeRefusal serverError(String reason) {
        return new HandshakeRefusal(500, reason, Map.of());
    }
}
