package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.samples.embedded.SamplesServer;
import java.net.URI;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    @Test
    void echoesText() throws Exception {
        try (WsClient client = WsClient.connect(samples.ws("/echo"))) {
            client.send("hello, wharf ✓");
            assertEquals("hello, wharf ✓", client.next());
        }
    }

    @Test
    void echoesBinary() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'x'};
        try (WsClient client = WsClient.connect(samples.ws("/echo"))) {
            client.send(ByteBuffer.wrap(bytes));
            assertEquals(ByteBuffer.wrap(bytes), client.next());
        }
    }

    @Test
    void echoesALargeMessageWhole() throws Exception {
        String large = "wharf ".repeat(50_000);
        try (WsClient client = WsClient.connect(samples.ws("/echo"))) {
            client.send(large);
            assertEquals(large, client.next());
        }
    }

    @Test
    void stoppingTheServerClosesOpenSessionsWith1001() throws Exception {
        SamplesServer server = SamplesServer.start(0);
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"))) {
            client.send("still here");
            assertEquals("still here", client.next());
            server.close();
            assertEquals(1001, client.closed().code());
        } finally {
            server.close();
        }
    }
}
