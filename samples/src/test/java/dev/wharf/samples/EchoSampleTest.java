package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.samples.embedded.SamplesServer;
import dev.wharf.servlet.e2e.JdkClient;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    @Test
    void echoesText() throws Exception {
        try (JdkClient client = JdkClient.connect(samples.ws("/echo"))) {
            client.sendText("hello, wharf ✓");
            assertEquals("hello, wharf ✓", client.next());
        }
    }

    @Test
    void echoesBinary() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'x'};
        try (JdkClient client = JdkClient.connect(samples.ws("/echo"))) {
            client.sendBinary(bytes);
            assertArrayEquals(bytes, client.nextBinary());
        }
    }

    @Test
    void echoesALargeMessageWhole() throws Exception {
        String large = "wharf ".repeat(50_000);
        try (JdkClient client = JdkClient.connect(samples.ws("/echo"))) {
            client.sendText(large);
            assertEquals(large, client.next());
        }
    }

    @Test
    void stoppingTheServerClosesOpenSessionsWith1001() throws Exception {
        SamplesServer server = SamplesServer.start(0);
        try (JdkClient client = JdkClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"))) {
            client.sendText("still here");
            assertEquals("still here", client.next());
            server.close();
            assertEquals(1001, client.awaitClose().code());
        } finally {
            server.close();
        }
    }
}
