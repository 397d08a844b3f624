package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.JdkClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JsonSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    @Test
    void decodesTheNoteAndEncodesTheReply() throws Exception {
        try (JdkClient client = JdkClient.connect(samples.ws("/json"))) {
            client.sendText("{\"type\": \"echo\", \"text\": \"say \\\"hi\\\"\\n\"}");
            assertEquals("{\"type\":\"echo\",\"text\":\"say \\\"hi\\\"\\n\"}", client.next());
            client.sendText("{\"text\":\"shout\",\"type\":\"upper\"}");
            assertEquals("{\"type\":\"upper\",\"text\":\"SHOUT\"}", client.next());
            client.sendText("{\"type\":\"reverse\",\"text\":\"abc\"}");
            assertEquals("{\"type\":\"reverse\",\"text\":\"cba\"}", client.next());
        }
    }

    @Test
    void answersMalformedJsonWithAnErrorNoteAndStaysOpen() throws Exception {
        try (JdkClient client = JdkClient.connect(samples.ws("/json"))) {
            client.sendText("{\"type\": \"echo\", \"text\": ");
            String error = client.nextText();
            assertTrue(error.startsWith("{\"type\":\"error\",\"text\":\"not a flat JSON object"), error);
            client.sendText("{\"type\":\"echo\",\"text\":\"after\"}");
            assertEquals("{\"type\":\"echo\",\"text\":\"after\"}", client.next());
        }
    }

    @Test
    void answersAnUnknownTypeWithAnErrorNote() throws Exception {
        try (JdkClient client = JdkClient.connect(samples.ws("/json"))) {
            client.sendText("{\"type\":\"dance\"}");
            assertEquals("{\"type\":\"error\",\"text\":\"unknown type \\\"dance\\\"; try echo, upper or reverse\"}",
                    client.next());
        }
    }
}
