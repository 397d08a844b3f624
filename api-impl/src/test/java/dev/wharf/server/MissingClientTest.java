package dev.wharf.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.session.ContainerDefaults;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A deployment that only serves carries wharf-api-impl without wharf-client (and so without jetty-client). This
 * module's tests run exactly so: asking for a client then says which artifact to add, from both doors the API has.
 */
class MissingClientTest {

    private final WharfServerContainer server = new WharfServerContainer(new ContainerDefaults(), 2);

    @BeforeAll
    static void theClientIsReallyAbsent() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(ClientContainers.CLIENT_CLASS),
                "this test needs a class path without wharf-client");
    }

    @AfterEach
    void stop() {
        server.shutdown(0);
    }

    @Test
    @DisplayName("[WSC-6.1] ContainerProvider.getWebSocketContainer() without wharf-client names the artifact to add")
    void containerProviderNamesTheMissingJar() {
        IllegalStateException e = assertThrows(IllegalStateException.class, ContainerProvider::getWebSocketContainer);
        assertTrue(e.getMessage().contains("dev.wharf:wharf-client"), e.getMessage());
    }

    @Test
    @DisplayName("[WSC-6.5] ServerContainer.connectToServer without wharf-client fails with a DeploymentException naming it")
    void serverConnectToServerNamesTheMissingJar() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> server.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }
        }, ClientEndpointConfig.Builder.create().build(), URI.create("ws://127.0.0.1:1/")));
        assertTrue(e.getMessage().contains("dev.wharf:wharf-client"), e.getMessage());
        assertTrue(e.getMessage().startsWith("ServerContainer.connectToServer"), e.getMessage());
    }
}
