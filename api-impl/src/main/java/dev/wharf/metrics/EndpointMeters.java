package dev.wharf.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one endpoint path of one container. A session resolves its endpoint's meters once, when it is
 * created, and records into them with one call per event: a {@link LongAdder} increment, no lock, no allocation, no
 * look-up. When metrics are switched off every session shares {@link #OFF}, whose recording methods return at once.
 *
 * <p>The {@code record…} methods are for the container; applications read the figures through the getters.
 */
public final class EndpointMeters {

    /** Shared by every session when metrics are off. */
    public static final EndpointMeters OFF = new EndpointMeters("", false);

    /** One delivered message in this many, per session, has its handler timed ({@link #recordHandling}). */
    public static final int HANDLING_SAMPLE = 16;

    private final String path;
    private final boolean live;
    private final LongAdder open = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder textReceived = new LongAdder();
    private final LongAdder binaryReceived = new LongAdder();
    private final LongAdder pingsReceived = new LongAdder();
    private final LongAdder pongsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder textSent = new LongAdder();
    private final LongAdder binarySent = new LongAdder();
    private final LongAdder pingsSent = new LongAdder();
    private final LongAdder pongsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder blockedSends = new LongAdder();
    private final LongAdder sendTimeouts = new LongAdder();
    private final LongAdder sendQueueOverflows = new LongAdder();
    private final LongAdder idleTimeouts = new LongAdder();
    private final LongAdder[] closesByCode = adders(CloseCodeSlots.COUNT);
    private final LongAdder[] closesBy = adders(CloseInitiator.values().length);
    private final LatencyMeter pingRoundTrips = new LatencyMeter();
    private final LatencyMeter handling = new LatencyMeter();

    EndpointMeters(String path, boolean live) {
        this.path = path;
        this.live = live;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** The endpoint's path template, e.g. {@code /chat/{room}}; a client endpoint's class name. */
    public String path() {
        return path;
    }

    // ---- recording (the container's side) --------------------------------------------------------------------

    /** Whether recording does anything: false for {@link #OFF}, so a caller can skip reading the clock. */
    public boolean recording() {
        return live;
    }

    public void recordOpened() {
        if (live) {
            opened.increment();
            open.increment();
        }
    }

    /** A session of this endpoint has run its onClose. */
    public void recordEnded() {
        if (live) {
            open.decrement();
        }
    }

    /** A session started closing: {@code code} is the one on the wire (1006 when the connection dropped). */
    public void recordClose(CloseInitiator by, int code) {
        if (live) {
            closesBy[by.ordinal()].increment();
            closesByCode[CloseCodeSlots.of(code)].increment();
        }
    }

    /** Bytes read from the connection, frame headers included, as they came (compressed, if deflate is on). */
    public void recordBytesReceived(long bytes) {
        if (live) {
            bytesReceived.add(bytes);
        }
    }

    public void recordTextReceived() {
        if (live) {
            textReceived.increment();
        }
    }

    public void recordBinaryReceived() {
        if (live) {
            binaryReceived.increment();
        }
    }

    public void recordPingReceived() {
        if (live) {
            pingsReceived.increment();
        }
    }

    public void recordPongReceived() {
        if (live) {
            pongsReceived.increment();
        }
    }

    /** One whole message (its last frame) queued for the peer. */
    public void recordMessageSent(boolean text) {
        if (live) {
            (text ? textSent : binarySent).increment();
        }
    }

    public void recordPingSent() {
        if (live) {
            pingsSent.increment();
        }
    }

    public void recordPongSent() {
        if (live) {
            pongsSent.increment();
        }
    }

    /** Encoded frame bytes queued for the peer, headers included. */
    public void recordBytesSent(long bytes) {
        if (live) {
            bytesSent.add(bytes);
        }
    }

    /** A blocking send had to wait for the peer to take earlier bytes. */
    public void recordBlockedSend() {
        if (live) {
            blockedSends.increment();
        }
    }

    /** A send did not reach the network within its timeout, so the session was closed. */
    public void recordSendTimeout() {
        if (live) {
            sendTimeouts.increment();
        }
    }

    /** A send found the session's queue full ({@code maxSendQueueBytes}), so the session was closed. */
    public void recordSendQueueOverflow() {
        if (live) {
            sendQueueOverflows.increment();
        }
    }

    /**
     * A pong answered the latest ping this side sent ({@code Session.getAsyncRemote().sendPing}, the basic remote's,
     * or the rooms' keep-alive), {@code nanos} after that ping was queued.
     */
    public void recordPingRoundTrip(long nanos) {
        if (live) {
            pingRoundTrips.record(nanos);
        }
    }

    /**
     * The endpoint's handler took {@code nanos} for one received message (text, binary, pong, or a whole streamed
     * message), its own sends included. Sessions time their first message and then one in {@link #HANDLING_SAMPLE}.
     */
    public void recordHandling(long nanos) {
        if (live) {
            handling.record(nanos);
        }
    }

    public void recordIdleTimeout() {
        if (live) {
            idleTimeouts.increment();
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /** Sessions open now (opened and not yet past onClose). */
    public long sessionsOpen() {
        return open.sum();
    }

    /** Sessions opened since the container started. */
    public long sessionsOpened() {
        return opened.sum();
    }

    public long textMessagesReceived() {
        return textReceived.sum();
    }

    public long binaryMessagesReceived() {
        return binaryReceived.sum();
    }

    public long pingsReceived() {
        return pingsReceived.sum();
    }

    public long pongsReceived() {
        return pongsReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long textMessagesSent() {
        return textSent.sum();
    }

    public long binaryMessagesSent() {
        return binarySent.sum();
    }

    public long pingsSent() {
        return pingsSent.sum();
    }

    public long pongsSent() {
        return pongsSent.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long blockedSends() {
        return blockedSends.sum();
    }

    public long sendTimeouts() {
        return sendTimeouts.sum();
    }

    public long sendQueueOverflows() {
        return sendQueueOverflows.sum();
    }

    public long idleTimeouts() {
        return idleTimeouts.sum();
    }

    /** Round trips of pings answered by a matching pong: from queuing the ping to reading the pong. */
    public LatencyMeter pingRoundTrips() {
        return pingRoundTrips;
    }

    /** Time the endpoint's handlers took per received message, sampled (see {@link #recordHandling}). */
    public LatencyMeter handling() {
        return handling;
    }

    /** Closes whose code falls in {@code slot} (see {@link CloseCodeSlots}). */
    public long closes(int slot) {
        return closesByCode[slot].sum();
    }

    /** Closes with exactly this code, for codes 1000-1015; the shared bucket's count for others. */
    public long closesWithCode(int code) {
        return closesByCode[CloseCodeSlots.of(code)].sum();
    }

    public long closesBy(CloseInitiator initiator) {
        return closesBy[initiator.ordinal()].sum();
    }
}
