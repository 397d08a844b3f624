package dev.wharf.server;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.AnnotatedEndpointModel;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * One endpoint deployed at a path: its configuration, its parsed path, and for annotated endpoints the validated
 * model its instances are driven by.
 *
 * @param model null for programmatic ({@link Endpoint} subclass) endpoints
 */
public record DeployedEndpoint(ServerEndpointConfig config, UriTemplate template, AnnotatedEndpointModel model) {

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
        return c != null ? c : new DefaultServerConfigurator();
    }

    String describe() {
        return config.getEndpointClass().getName();
    }
}
