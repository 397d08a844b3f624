package dev.wharf.boot;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class SecondWebSocketFailureAnalyzerTest {

    @Test
    @DisplayName("the refusal, however deep in the start-up failure, becomes a description and the exclusion")
    void reportsWhatAndHowToExclude() throws Exception {
        OtherWebSocket.Found found = new OtherWebSocket.Found(OtherWebSocket.UNDERTOW,
                "io.undertow.websockets.jsr.Bootstrap", new URL("file:/libs/undertow-websockets-jsr.jar"));
        Throwable startFailure = new IllegalStateException("Unable to start web server",
                new RuntimeException("Error creating bean", new SecondWebSocketException(List.of(found))));

        FailureAnalysis analysis = new SecondWebSocketFailureAnalyzer().analyze(startFailure);

        assertNotNull(analysis);
        assertTrue(analysis.getDescription().contains("io.undertow.websockets.jsr.Bootstrap in"
                + " file:/libs/undertow-websockets-jsr.jar"), analysis.getDescription());
        assertTrue(analysis.getAction().contains("<artifactId>undertow-websockets-jsr</artifactId>"),
                analysis.getAction());
        assertTrue(analysis.getAction().contains("spring-boot-starter-undertow"), analysis.getAction());
    }

    @Test
    @DisplayName("other start-up failures are left to other analyzers")
    void ignoresOtherFailures() {
        assertNull(new SecondWebSocketFailureAnalyzer().analyze(new IllegalStateException("port in use")));
    }
}
