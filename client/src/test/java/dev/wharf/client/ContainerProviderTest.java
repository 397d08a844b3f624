package dev.wharf.client;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The provider is declared in wharf-api-impl (so a server-only deployment gets a clear message) and finds this jar's
 * container by name: with wharf-client on the class path, the API's lookup yields Wharf's client.
 */
class ContainerProviderTest {

    @Test
    @DisplayName("[WSC-6.1] ContainerProvider.getWebSocketContainer() gives a new Wharf client container per call")
    void providerGivesWharfsClient() {
        WebSocketContainer first = ContainerProvider.getWebSocketContainer();
        WebSocketContainer second = ContainerProvider.getWebSocketContainer();
        try {
            assertInstanceOf(WharfClientContainer.class, first);
            assertInstanceOf(WharfClientContainer.class, second);
            assertNotSame(first, second);
        } finally {
            ((WharfClientContainer) first).close();
            ((WharfClientContainer) second).close();
        }
    }
}
