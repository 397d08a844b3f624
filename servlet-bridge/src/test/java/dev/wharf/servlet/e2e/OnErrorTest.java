package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.hosts.Host;
import org.junit.jupiter.api.DisplayName;

@DisplayName("@OnError")
class OnErrorTest extends HostedTest {

    @HostTest
    @DisplayName("[WSC 4.5] an exception from @OnMessage reaches @OnError and the session stays usable")
    void exceptionFromOnMessageReachesOnError(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/faulty"))) {
            client.sendText("before");
            assertEquals("ok:before", client.nextText());
            client.sendText("boom");
            assertEquals("error:IllegalStateException:boom", client.nextText());
            client.sendText("after");
            assertEquals("ok:after", client.nextText());
        }
    }
}
