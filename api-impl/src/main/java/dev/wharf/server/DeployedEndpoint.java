package dev.wharf.server;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.AnnotatedEndpointModel;
import jakarta.websocket.Endpoint;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * One endpoint deployed at a path: its configuration, its parsed path, and for annotated endpoints the validated
 * model its instances are driven by.
 *
 * @param model null for programmatic ({@link Endpoint} subclass) endpoints
 */
public record DeployedEndpoint(ServerEndpointConfig config, UriTemplate template, AnnotatedEndpointModel model) {

    /**
     * The configuration's hash alone (equal records have equal configurations, so this agrees with the record's
     * {@code equals}). The record's own hash went through the template's and the annotated model's parts, which
     * allocated on every handshake: the container looks its session group up by this record (3-4 % of the bytes a
     * server allocated per connection in churn).
     */
    @Override
    public int hashCode() {
        return config.hashCode();
    }

    /** A fresh endpoint for one connection, from the configurator [WSC-3.1.7-1]. */
    Endpoint newEndpoint() throws InstantiationException {
        Object instance = configurator().getEndpointInstance(config.getEndpointClass());
        if (instance == null) {
            throw new InstantiationException(configurator().getClass().getName()
                    + ".getEndpointInstance returned null for " + config.getEndpointClass().getName());
        }
        if (model != null) {
            return new AnnotatedEndpoint(model, instance);
        }
        return (Endpoint) instance;
    }

    ServerEndpointConfig.Configurator configurator() {
        ServerEndpointConfig.Configurator c = config.getConfigurator();
        return c != null ? c : DefaultServerConfigurator.INSTANCE; // stateless: none made per handshake
    }

    /**
     * Whether the configurator overrides {@code modifyHandshake}: then application code saw the handshake request
     * and may keep it past the upgrade. The spec's base configurator and Wharf's default do nothing with it.
     */
    boolean configuratorSeesRequest() {
        return OVERRIDES_MODIFY_HANDSHAKE.get(configurator().getClass());
    }

    private static final ClassValue<Boolean> OVERRIDES_MODIFY_HANDSHAKE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Class<?> declaring = type.getMethod("modifyHandshake", ServerEndpointConfig.class,
                        HandshakeRequest.class, HandshakeResponse.class).getDeclaringClass();
                return declaring != ServerEndpointConfig.Configurator.class
                        && declaring != DefaultServerConfigurator.class;
            } catch (NoSuchMethodException e) {
                return true; // cannot tell: assume it does
            }
        }
    };

    String describe() {
        return config.getEndpointClass().getName();
    }
}
