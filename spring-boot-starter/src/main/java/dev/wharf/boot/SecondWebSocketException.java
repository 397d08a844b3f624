package dev.wharf.boot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Start-up stops here when an embedded server's own WebSocket implementation is on the class path beside Wharf: the
 * application would otherwise serve WebSockets on that implementation without saying so.
 */
final class SecondWebSocketException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient List<OtherWebSocket.Found> found;

    SecondWebSocketException(List<OtherWebSocket.Found> found) {
        super("Wharf's Spring Boot starter cannot make Wharf the WebSocket container: "
                + found.stream().map(OtherWebSocket.Found::describe).collect(Collectors.joining("; "))
                + " is on the class path too, and the application would serve WebSockets on it. "
                + exclusions(found));
        this.found = List.copyOf(found);
    }

    /** The exclusions for everything found, one block per implementation. */
    static String exclusions(List<OtherWebSocket.Found> found) {
        return found.stream().map(f -> f.implementation()).distinct()
                .map(other -> "Exclude " + other.title() + ".\n" + other.exclusions())
                .collect(Collectors.joining("\n"));
    }

    List<OtherWebSocket.Found> found() {
        return found;
    }
}
