package dev.wharf.session;

import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The one table of reasons the container closes a session on its own, with the code it sends the peer. The endpoint's
 * {@code onClose} then sees 1006 with the reason ([WSC 2.1.5-1]: a locally initiated close reports 1006).
 */
enum ContainerClose {
    IDLE_TIMEOUT(CloseCodes.GOING_AWAY),
    SHUTDOWN(CloseCodes.GOING_AWAY),
    NO_HANDLER(CloseCodes.CANNOT_ACCEPT),
    SEND_QUEUE_FULL(CloseCodes.VIOLATED_POLICY),
    SEND_TIMEOUT(CloseCodes.VIOLATED_POLICY),
    /** The container's bytes held for all peers passed its budget and this session held the most. */
    SEND_BUDGET(CloseCodes.VIOLATED_POLICY),
    ENDPOINT_FAILED(CloseCodes.UNEXPECTED_CONDITION),
    MESSAGE_TOO_BIG(CloseCodes.TOO_BIG),
    HTTP_SESSION_ENDED(CloseCodes.VIOLATED_POLICY);

    final int code;

    ContainerClose(CloseCodes code) {
        this.code = code.getCode();
    }
}
