package dev.wharf.client;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/**
 * Found by {@link ContainerProvider#getWebSocketContainer()} through
 * {@code META-INF/services/jakarta.websocket.ContainerProvider}: each call gets a new, independent
 * {@link WharfClientContainer}. Its threads start with the first connection; {@link WharfClientContainer#close()}
 * stops them.
 */
public final class WharfContainerProvider extends ContainerProvider {

    @Override
    protected WebSocketContainer getContainer() {
        return new WharfClientContainer();
    }
}
