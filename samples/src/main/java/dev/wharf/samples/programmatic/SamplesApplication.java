package dev.wharf.samples.programmatic;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/**
 * Decides what this application deploys (spec 6.2). Once a {@code ServerApplicationConfig} is present, Wharf deploys
 * only what it returns, so besides configuring {@link ReverseEndpoint} it hands back every annotated endpoint the
 * scan found.
 */
public class SamplesApplication implements ServerApplicationConfig {

    static final String REVERSE_PATH = "/reverse";

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        // Only the endpoint this config knows: the scan also sees Endpoint subclasses of any library in the WAR.
        return scanned.contains(ReverseEndpoint.class)
                ? Set.of(ServerEndpointConfig.Builder.create(ReverseEndpoint.class, REVERSE_PATH).build())
                : Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
