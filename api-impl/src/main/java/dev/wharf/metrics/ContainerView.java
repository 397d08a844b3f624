package dev.wharf.metrics;

import dev.wharf.engine.deflate.DeflateStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** A container's meters as its MBean shows them (a client container's shows a part). */
final class ContainerView implements WebSocketContainerMXBean, WebSocketClientContainerMXBean {

    private final ContainerMeters meters;

    ContainerView(ContainerMeters meters) {
        this.meters = meters;
    }

    @Override
    public String getContextPath() {
        return meters.context();
    }

    @Override
    public long getSessionsOpen() {
        return meters.sessionsOpen();
    }

    @Override
    public long getHandshakesAccepted() {
        return meters.handshakes().accepted();
    }

    @Override
    public Map<String, Long> getHandshakesRefused() {
        Map<String, Long> refused = new LinkedHashMap<>();
        HandshakeMeters h = meters.handshakes();
        for (int status : HandshakeMeters.countedStatuses()) {
            refused.put(Integer.toString(status), h.refused(status));
        }
        refused.put("other", h.refusedOther());
        return refused;
    }

    @Override
    public double getHandshakeMeanMillis() {
        return LatencyView.meanMillis(meters.handshakes().durations());
    }

    @Override
    public double getHandshakeMaxMillis() {
        return LatencyView.maxMillis(meters.handshakes().durations());
    }

    @Override
    public Map<String, Double> getHandshakePercentilesMillis() {
        return LatencyView.percentilesMillis(meters.handshakes().durations());
    }

    @Override
    public Map<String, Long> getHandshakeHistogram() {
        return LatencyView.histogram(meters.handshakes().durations());
    }

    @Override
    public long getSendQueueBytes() {
        return meters.sendQueueBytes();
    }

    @Override
    public long getSendQueueBytesHighWater() {
        return meters.sendQueueBytesHighWater();
    }

    @Override
    public int getSessionsBehind() {
        return meters.sessionsBehind();
    }

    @Override
    public long getSendBudgetEvictions() {
        return meters.sendBudgetEvictions();
    }

    @Override
    public Map<String, Long> getCounters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (ContainerMeters.Counter c : meters.counters()) {
            counters.put(c.name(), c.value().getAsLong());
        }
        return counters;
    }

    @Override
    public int getCallbackThreads() {
        return meters.callbackThreads();
    }

    @Override
    public int getCallbackThreadsBusy() {
        return meters.callbackThreadsBusy();
    }

    @Override
    public int getCallbackTasksQueued() {
        return meters.callbackTasksQueued();
    }

    @Override
    public long getDeflateSentUncompressedBytes() {
        return DeflateStats.sentUncompressedBytes();
    }

    @Override
    public long getDeflateSentCompressedBytes() {
        return DeflateStats.sentCompressedBytes();
    }

    @Override
    public long getDeflateReceivedCompressedBytes() {
        return DeflateStats.receivedCompressedBytes();
    }

    @Override
    public long getDeflateReceivedInflatedBytes() {
        return DeflateStats.receivedInflatedBytes();
    }

    @Override
    public long getDeflateCodecMemoryBytes() {
        return DeflateStats.codecMemoryBytes();
    }
}
