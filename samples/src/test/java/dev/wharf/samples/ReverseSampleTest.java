package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic endpoint, deployed by the ServerApplicationConfig beside the annotated ones. */
class ReverseSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    @Test
    void repliesWithTheTextReversedKeepingSurrogatePairsWhole() throws Exception {
        try (WsClient client = WsClient.connect(samples.ws("/reverse"))) {
            client.send("stressed");
            assertEquals("desserts", client.next());
            client.send("a😀b");
            assertEquals("b😀a", client.next());
        }
    }

    @Test
    void theApplicationConfigStillDeploysTheAnnotatedEndpoints() throws Exception {
        try (WsClient client = WsClient.connect(samples.ws("/echo"))) {
            client.send("annotated too");
            assertEquals("annotated too", client.next());
        }
    }
}
