package dev.wharf.session;

import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The one table of reasons the container closes a session on its own, with the code it sends the peer. The endpoint's
 * {@code onClose} sees 1006 with the reason ([WSC 2.1.5-1]: a locally initiated close reports 1006), except when what
 * the peer sent caused the close: then it sees the code the peer gets ([WSC-4.7.1-1]: a message over the size limit
 * closes with 1009), as for the engine's protocol violations.
 */
enum ContainerClose {
    IDLE_TIMEOUT(CloseCodes.GOING_AWAY, false),
    SEND_QUEUE_FULL(CloseCodes.VIOLATED_POLICY, false),
    SEND_TIMEOUT(CloseCodes.VIOLATED_POLICY, false),
    /** A blocking send to this peer waited longest when every callback thread waited for a peer (issue #19). */
    SEND_PREEMPTED(CloseCodes.VIOLATED_POLICY, false),
    /** The container's bytes held for all peers passed its budget and this session held the most. */
    SEND_BUDGET(CloseCodes.VIOLATED_POLICY, false),
    /** Keep-alive: the peer answered no ping within the pong timeout (a half-open connection). */
    PEER_UNRESPONSIVE(CloseCodes.GOING_AWAY, false),
    ENDPOINT_FAILED(CloseCodes.UNEXPECTED_CONDITION, false),
    MESSAGE_TOO_BIG(CloseCodes.TOO_BIG, true);

    final int code;
    /** Whether what the peer sent caused the close, so that the endpoint sees {@link #code} rather than 1006. */
    final boolean peerCaused;

    ContainerClose(CloseCodes code, boolean peerCaused) {
        this.code = code.getCode();
        this.peerCaused = peerCaused;
    }

    /** Counts this cause in the meters that have a count of it (docs/METRICS.md). */
    void record(EndpointMeters meters) {
        switch (this) {
            case IDLE_TIMEOUT -> meters.recordIdleTimeout();
            case SEND_TIMEOUT -> meters.recordSendTimeout();
            case SEND_QUEUE_FULL -> meters.recordSendQueueOverflow();
            default -> {
                // counted only by close code and initiator
            }
        }
    }
}
