package dev.wharf.metrics;

import java.util.Map;

/**
 * One Wharf container in JMX, named {@code dev.wharf:type=WebSocketContainer,context=<context path>}. Counters count
 * since the container started; docs/METRICS.md gives each attribute's meaning and unit.
 */
public interface WebSocketContainerMXBean {

    String getContextPath();

    long getSessionsOpen();

    long getHandshakesAccepted();

    /** Refused handshakes by HTTP status ("400", "403", "404", "426", "500", "other"). */
    Map<String, Long> getHandshakesRefused();

    double getHandshakeMeanMillis();

    double getHandshakeMaxMillis();

    /** "p50", "p90", "p99" → milliseconds accepted handshakes spent in Wharf (bucket upper bounds). */
    Map<String, Double> getHandshakePercentilesMillis();

    /** "&lt;=0.05ms" … → accepted handshakes at or under that bound (cumulative); "all" → every one. */
    Map<String, Long> getHandshakeHistogram();

    long getSendQueueBytes();

    long getSendQueueBytesHighWater();

    int getSessionsBehind();

    long getSendBudgetEvictions();

    /** Counters other parts of Wharf publish with the container (rooms, brokers), by name. */
    Map<String, Long> getCounters();

    int getCallbackThreads();

    int getCallbackThreadsBusy();

    int getCallbackTasksQueued();

    /** JVM-wide: payload bytes of compressed outgoing messages before and after deflate. */
    long getDeflateSentUncompressedBytes();

    long getDeflateSentCompressedBytes();

    long getDeflateReceivedCompressedBytes();

    long getDeflateReceivedInflatedBytes();

    /** JVM-wide: zlib memory of compressors and decompressors, in use and pooled (zlib's estimate). */
    long getDeflateCodecMemoryBytes();
}
