package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.JdkClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerStatsSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void snapshotsFollowTheContainersTraffic() throws Exception {
        try (JdkClient stats = JdkClient.connect(samples.ws("/server-stats"))) {
            String first = stats.nextText();
            assertTrue(field(first, "open") >= 1, "its own connection is open: " + first);
            assertTrue(first.contains("{\"path\":\"/server-stats\",\"open\":"), first);
            long in = field(first, "messagesIn");
            try (JdkClient echo = JdkClient.connect(samples.ws("/echo"))) {
                echo.sendText("counted");
                assertEquals("counted", echo.nextText());
                // a later snapshot (once a second) has the echo's message in and out
                String later = stats.nextTextMatching(s -> field(s, "messagesIn") > in);
                assertTrue(later.contains("\"path\":\"/echo\""), later);
                assertTrue(field(later, "open") >= 2, later);
            }
            try (JdkClient closing = JdkClient.connect(samples.ws("/echo"))) {
                closing.closeNormally();
            }
            String afterClose = stats.nextTextMatching(s -> s.contains("\"1000\":"));
            assertTrue(field(afterClose, "handshakes") >= 3, afterClose);
            // Its own connection is pinged once a second; the client answers, so its round trips are timed.
            String pinged = stats.nextTextMatching(s -> PINGED.matcher(s).find());
            Matcher rtt = PINGED.matcher(pinged);
            assertTrue(rtt.find() && Double.parseDouble(rtt.group(1)) > 0, pinged);
        }
    }

    private static final Pattern PINGED = Pattern.compile(
            "\"path\":\"/server-stats\",[^}]*\"pings\":[1-9]\\d*,\"rttP50Ms\":([0-9.]+)");
}
