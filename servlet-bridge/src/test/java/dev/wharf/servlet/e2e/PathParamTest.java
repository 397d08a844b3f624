package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.hosts.Host;
import org.junit.jupiter.api.DisplayName;

@DisplayName("URI templates and @PathParam")
class PathParamTest extends HostedTest {

    private static String firstMessage(Host host, String path) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri(path))) {
            return client.nextText();
        }
    }

    @HostTest
    @DisplayName("[WSC 3.1.1, 4.3 @PathParam] template variables bind as String and int")
    void templateBindsParameters(Host host) throws Exception {
        assertEquals("template room=blue id+1=42", firstMessage(host, "/rooms/blue/users/41"));
    }

    @HostTest
    @DisplayName("[WSC 3.1.1] an exact path beats a template that also matches")
    void exactPathWins(Host host) throws Exception {
        assertEquals("exact", firstMessage(host, "/rooms/lobby/users/me"));
        assertEquals("template room=lobby id+1=8", firstMessage(host, "/rooms/lobby/users/7"));
    }
}
