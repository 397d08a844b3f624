package dev.wharf.server;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint configuration as one connection sees it: everything from the deployed configuration, but user
 * properties that are this connection's own shallow copy (spec 3.1.5), seen by {@code modifyHandshake} and then
 * by the session.
 */
final class ConnectionConfig implements ServerEndpointConfig {

    private final ServerEndpointConfig deployed;
    private final Map<String, Object> userProperties;

    ConnectionConfig(ServerEndpointConfig deployed) {
        this.deployed = deployed;
        this.userProperties = new HashMap<>(deployed.getUserProperties());
    }

    @Override
    public Class<?> getEndpointClass() {
        return deployed.getEndpointClass();
    }

    @Override
    public String getPath() {
        return deployed.getPath();
    }

    @Override
    public List<String> getSubprotocols() {
        return deployed.getSubprotocols();
    }

    @Override
    public List<Extension> getExtensions() {
        return deployed.getExtensions();
    }

    @Override
    public Configurator getConfigurator() {
        return deployed.getConfigurator();
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return deployed.getEncoders();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return deployed.getDecoders();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }
}
