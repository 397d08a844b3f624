package dev.wharf.metrics;

import java.util.Map;

/**
 * One Wharf client container ({@code WharfClientContainer}) in JMX, named
 * {@code dev.wharf:type=WebSocketClientContainer,client=<n>}; its endpoints (one per endpoint class) are
 * {@code dev.wharf:type=WebSocketClientEndpoint,client=<n>,endpoint=<class name>} with the attributes of
 * {@link WebSocketEndpointMXBean}. Handshakes are the client's: from the start of {@code connectToServer} to the
 * server's 101 (connection, TLS, redirects and authentication included), refusals by the server's final status.
 * docs/METRICS.md gives each attribute's meaning and unit.
 */
public interface WebSocketClientContainerMXBean {

    long getSessionsOpen();

    long getHandshakesAccepted();

    /** Refused handshakes by the server's HTTP status ("400", "403", "404", "426", "500", "other"). */
    Map<String, Long> getHandshakesRefused();

    double getHandshakeMeanMillis();

    double getHandshakeMaxMillis();

    Map<String, Double> getHandshakePercentilesMillis();

    Map<String, Long> getHandshakeHistogram();

    long getSendQueueBytes();

    long getSendQueueBytesHighWater();

    int getSessionsBehind();

    long getSendBudgetEvictions();

    /** Counters other parts of Wharf publish with the container, by name. */
    Map<String, Long> getCounters();

    int getCallbackThreads();

    int getCallbackThreadsBusy();

    int getCallbackTasksQueued();
}
