package dev.wharf.session;

import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.MessageExtension;
import dev.wharf.engine.Role;
import dev.wharf.engine.deflate.PerMessageDeflate;
import dev.wharf.handshake.DeflateNegotiation;
import dev.wharf.handshake.ExtensionSpec;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import java.util.List;

/**
 * Builds the session of an upgraded connection, the same way on the server and the client: what the handshake agreed
 * (permessage-deflate, say) becomes the engine's extensions, the container's limits its settings. The caller wires
 * the transport to the session and then calls {@link WebSocketSession#open()}.
 */
public final class SessionFactory {

    private final SessionServices services;

    public SessionFactory(SessionServices services) {
        this.services = services;
    }

    /**
     * @param deflate the permessage-deflate agreement, or null when the handshake did not agree on it
     */
    public WebSocketSession create(Role role, SessionGroup group, Endpoint endpoint, EndpointConfig config,
                                   SessionInfo info, DeflateNegotiation.Agreement deflate, Transport transport,
                                   ClassLoader loader) {
        ContainerDefaults defaults = services.defaults();
        List<MessageExtension> extensions = deflate == null ? List.of() : List.of(role == Role.SERVER
                ? PerMessageDeflate.forServer(deflate.serverNoContextTakeover(), deflate.clientNoContextTakeover(),
                        deflate.serverMaxWindowBits(), deflate.clientMaxWindowBits(), defaults.deflateLevel(),
                        defaults.deflateMemLevel())
                : PerMessageDeflate.forClient(deflate.serverNoContextTakeover(), deflate.clientNoContextTakeover(),
                        deflate.serverMaxWindowBits(), deflate.clientMaxWindowBits(), defaults.deflateLevel(),
                        defaults.deflateMemLevel()));
        EngineConfig engineConfig = EngineConfig.builder(role)
                .repliesToClose(false) // the session replies to close frames itself, after the messages before them
                .maxFrameSize(defaults.maxFrameSize())
                .extensions(extensions)
                .build();
        return new WebSocketSession(services, group, endpoint, config, info, transport, engineConfig, loader);
    }

    /** The permessage-deflate agreement among the extensions a server's handshake agreed on, or null. */
    public static DeflateNegotiation.Agreement deflateOf(List<Extension> agreed) {
        for (ExtensionSpec spec : NegotiatedExtension.toSpecs(agreed)) {
            if (spec.name().equals(DeflateNegotiation.NAME)) {
                return DeflateNegotiation.agreementOf(spec);
            }
        }
        return null;
    }
}
