package dev.wharf.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** An endpoint's meters as its MBean shows them. */
final class EndpointView implements WebSocketEndpointMXBean {

    private final EndpointMeters m;

    EndpointView(EndpointMeters meters) {
        this.m = meters;
    }

    @Override
    public String getPath() {
        return m.path();
    }

    @Override
    public long getSessionsOpen() {
        return m.sessionsOpen();
    }

    @Override
    public long getSessionsOpened() {
        return m.sessionsOpened();
    }

    @Override
    public long getTextMessagesReceived() {
        return m.textMessagesReceived();
    }

    @Override
    public long getBinaryMessagesReceived() {
        return m.binaryMessagesReceived();
    }

    @Override
    public long getPingsReceived() {
        return m.pingsReceived();
    }

    @Override
    public long getPongsReceived() {
        return m.pongsReceived();
    }

    @Override
    public long getBytesReceived() {
        return m.bytesReceived();
    }

    @Override
    public long getTextMessagesSent() {
        return m.textMessagesSent();
    }

    @Override
    public long getBinaryMessagesSent() {
        return m.binaryMessagesSent();
    }

    @Override
    public long getPingsSent() {
        return m.pingsSent();
    }

    @Override
    public long getPongsSent() {
        return m.pongsSent();
    }

    @Override
    public long getBytesSent() {
        return m.bytesSent();
    }

    @Override
    public long getBlockedSends() {
        return m.blockedSends();
    }

    @Override
    public long getSendTimeouts() {
        return m.sendTimeouts();
    }

    @Override
    public long getSendQueueOverflows() {
        return m.sendQueueOverflows();
    }

    @Override
    public long getIdleTimeouts() {
        return m.idleTimeouts();
    }

    @Override
    public Map<String, Long> getClosesByCode() {
        Map<String, Long> closes = new LinkedHashMap<>();
        for (int slot = 0; slot < CloseCodeSlots.COUNT; slot++) {
            long n = m.closes(slot);
            if (n > 0) {
                closes.put(CloseCodeSlots.label(slot), n);
            }
        }
        return closes;
    }

    @Override
    public Map<String, Long> getClosesByInitiator() {
        Map<String, Long> closes = new LinkedHashMap<>();
        for (CloseInitiator by : CloseInitiator.values()) {
            closes.put(by.tag(), m.closesBy(by));
        }
        return closes;
    }

    @Override
    public long getPingRoundTrips() {
        return m.pingRoundTrips().count();
    }

    @Override
    public double getPingRoundTripMeanMillis() {
        return LatencyView.meanMillis(m.pingRoundTrips());
    }

    @Override
    public double getPingRoundTripMaxMillis() {
        return LatencyView.maxMillis(m.pingRoundTrips());
    }

    @Override
    public Map<String, Double> getPingRoundTripPercentilesMillis() {
        return LatencyView.percentilesMillis(m.pingRoundTrips());
    }

    @Override
    public Map<String, Long> getPingRoundTripHistogram() {
        return LatencyView.histogram(m.pingRoundTrips());
    }

    @Override
    public long getMessageHandlings() {
        return m.handling().count();
    }

    @Override
    public double getMessageHandlingMeanMillis() {
        return LatencyView.meanMillis(m.handling());
    }

    @Override
    public double getMessageHandlingMaxMillis() {
        return LatencyView.maxMillis(m.handling());
    }

    @Override
    public Map<String, Double> getMessageHandlingPercentilesMillis() {
        return LatencyView.percentilesMillis(m.handling());
    }

    @Override
    public Map<String, Long> getMessageHandlingHistogram() {
        return LatencyView.histogram(m.handling());
    }
}
