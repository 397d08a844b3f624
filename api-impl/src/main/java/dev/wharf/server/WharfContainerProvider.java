package dev.wharf.server;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/**
 * Found by {@link ContainerProvider#getWebSocketContainer()} through
 * {@code META-INF/services/jakarta.websocket.ContainerProvider}: each call gets a new, independent client container
 * from {@code wharf-client} ({@code dev.wharf.client.WharfClientContainer}). Its threads start with the first
 * connection; closing it stops them. The service is declared here, in the jar every deployment has, so that a
 * deployment without the client jar is told what to add instead of the API's "Could not find an implementation".
 */
public final class WharfContainerProvider extends ContainerProvider {

    @Override
    protected WebSocketContainer getContainer() {
        return ClientContainers.create();
    }
}
