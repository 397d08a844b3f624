package dev.wharf.boot;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link SecondWebSocketException} into Boot's "APPLICATION FAILED TO START" report: what was found where, and
 * the exclusion to add. Registered in {@code META-INF/spring.factories}.
 */
final class SecondWebSocketFailureAnalyzer extends AbstractFailureAnalyzer<SecondWebSocketException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecondWebSocketException cause) {
        String description = "Wharf's Spring Boot starter found a second WebSocket implementation on the class path:\n"
                + cause.found().stream().map(f -> "  " + f.describe()).collect(Collectors.joining("\n"))
                + "\nWith it the application would serve WebSockets on that implementation instead of Wharf.";
        return new FailureAnalysis(description, SecondWebSocketException.exclusions(cause.found()), cause);
    }
}
