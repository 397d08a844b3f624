package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.e2e.JdkClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic endpoint, deployed by the ServerApplicationConfig beside the annotated ones. */
class ReverseSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    @Test
    void repliesWithTheTextReversedKeepingSurrogatePairsWhole() throws Exception {
        try (JdkClient client = JdkClient.connect(samples.ws("/reverse"))) {
            client.sendText("stressed");
            assertEquals("desserts", client.next());
            client.sendText("a😀b");
            assertEquals("b😀a", client.next());
        }
    }

    @Test
    void theApplicationConfigStillDeploysTheAnnotatedEndpoints() throws Exception {
        try (JdkClient client = JdkClient.connect(samples.ws("/echo"))) {
            client.sendText("annotated too");
            assertEquals("annotated too", client.next());
        }
    }
}
