package dev.wharf.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.session.ContainerDefaults;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WharfServerContainerTest {

    @ServerEndpoint("/same")
    public static class Same {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    @ServerEndpoint("/same")
    public static class Other extends Same {
        @Override
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    private final WharfServerContainer container = new WharfServerContainer(new ContainerDefaults(), 2);

    @AfterEach
    void stop() {
        container.shutdown(0);
    }

    @Test
    @DisplayName("[spec 6.4] the same annotated class deployed twice is deployed once; the second call is ignored")
    void sameAnnotatedClassTwiceIsIgnored() throws Exception {
        container.addEndpoint(Same.class);
        container.addEndpoint(Same.class);
        assertNotNull(container.match("/same"));
    }

    @Test
    @DisplayName("[WSC-3.1.1-2] another class at the same path still fails, naming both classes and the rule")
    void anotherClassAtTheSamePathFails() throws Exception {
        container.addEndpoint(Same.class);
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.addEndpoint(Other.class));
        assertTrue(e.getMessage().contains(Other.class.getName()) && e.getMessage().contains(Same.class.getName())
                && e.getMessage().contains("[WSC-3.1.1-2]"), e.getMessage());
    }
}
