package dev.wharf.boot.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Run only with the embedded server's own WebSocket implementation left on the class path (the surefire execution
 * names its artifact in {@code wharf.boot.second-websocket}): start-up must fail and name the exclusion, never serve
 * WebSockets silently on the other implementation.
 */
class SecondWebSocketTest {

    @Test
    @DisplayName("start-up fails with the Maven and Gradle exclusion when the server's own WebSocket is present")
    void refusesToStartBesideTheServersOwnWebSocket() {
        String artifact = System.getProperty("wharf.boot.second-websocket");
        // Only in the run that leaves the server's own WebSocket on the class path.
        assumeTrue(artifact != null, "no wharf.boot.second-websocket");
        Throwable failure = assertThrows(Throwable.class, () -> RunningApp.start().close());

        Throwable refusal = failure;
        while (refusal != null && !refusal.getClass().getName().equals("dev.wharf.boot.SecondWebSocketException")) {
            refusal = refusal.getCause();
        }
        if (refusal == null) {
            throw new AssertionError("start-up failed, but not with Wharf's refusal", failure);
        }
        String message = refusal.getMessage();
        assertTrue(message.contains("<artifactId>" + artifact + "</artifactId>"), message);
        assertTrue(message.contains("module: '" + artifact + "'"), message);
    }
}
