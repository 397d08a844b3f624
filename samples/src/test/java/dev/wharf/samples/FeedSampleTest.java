package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.JdkClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedSampleTest {

    private static final Pattern UPDATE =
            Pattern.compile("tick=(\\d+) time=\\d\\d:\\d\\d:\\d\\d subscribers=(\\d+) price=\\d+\\.\\d\\d");

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    private static long tick(String update) {
        Matcher m = UPDATE.matcher(update);
        assertTrue(m.matches(), update);
        return Long.parseLong(m.group(1));
    }

    @Test
    void pushesTicksToEverySubscriber() throws Exception {
        try (JdkClient first = JdkClient.connect(samples.ws("/feed"));
                JdkClient second = JdkClient.connect(samples.ws("/feed"))) {
            long a = tick(first.nextText());
            long b = tick(first.nextText());
            assertTrue(b > a, a + " then " + b);
            // the second subscriber sees a tick the first one also got: one timer serves both
            String shared = second.nextTextMatching(u -> u.contains("subscribers=2"));
            assertTrue(tick(shared) >= a, shared);
            String later = first.nextTextMatching(u -> tick(u) > tick(shared));
            assertTrue(later.contains("subscribers=2"), later);
        }
    }
}
