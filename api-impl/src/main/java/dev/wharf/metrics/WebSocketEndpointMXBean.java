package dev.wharf.metrics;

import java.util.Map;

/**
 * One endpoint path of a Wharf container in JMX, named
 * {@code dev.wharf:type=WebSocketEndpoint,context=<context path>,endpoint=<path template>}. Counters count since the
 * container started; docs/METRICS.md gives each attribute's meaning and unit.
 */
public interface WebSocketEndpointMXBean {

    String getPath();

    long getSessionsOpen();

    long getSessionsOpened();

    long getTextMessagesReceived();

    long getBinaryMessagesReceived();

    long getPingsReceived();

    long getPongsReceived();

    long getBytesReceived();

    long getTextMessagesSent();

    long getBinaryMessagesSent();

    long getPingsSent();

    long getPongsSent();

    long getBytesSent();

    long getBlockedSends();

    long getSendTimeouts();

    long getSendQueueOverflows();

    long getIdleTimeouts();

    /** Closes by code ("1000" … "1015", "3xxx", "4xxx", "other"); codes never seen are left out. */
    Map<String, Long> getClosesByCode();

    /** Closes by who started them ("peer", "application", "container", "protocol"). */
    Map<String, Long> getClosesByInitiator();

    /** Pings answered by a matching pong (the round trips timed). */
    long getPingRoundTrips();

    double getPingRoundTripMeanMillis();

    double getPingRoundTripMaxMillis();

    /** "p50", "p90", "p99" → milliseconds: the upper bound of the bucket holding that percentile. */
    Map<String, Double> getPingRoundTripPercentilesMillis();

    /** "&lt;=0.05ms" … "&lt;=10000ms" → round trips at or under that bound (cumulative); "all" → every one. */
    Map<String, Long> getPingRoundTripHistogram();

    /** Received messages whose handler was timed (text, binary, pong; a streamed message once). */
    long getMessageHandlings();

    double getMessageHandlingMeanMillis();

    double getMessageHandlingMaxMillis();

    /** "p50", "p90", "p99" → milliseconds a handler took (bucket upper bounds). */
    Map<String, Double> getMessageHandlingPercentilesMillis();

    /** "&lt;=0.05ms" … → handlings at or under that bound (cumulative); "all" → every one. */
    Map<String, Long> getMessageHandlingHistogram();
}
