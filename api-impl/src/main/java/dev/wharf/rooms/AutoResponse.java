package dev.wharf.rooms;

import dev.wharf.session.SessionPort;
import dev.wharf.session.SharedMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request/response pair per session, answered by the thread that reads the connection: a whole inbound message
 * whose payload equals the request exactly gets the response, and neither reaches the endpoint nor wakes a callback
 * thread. Any other message flows to the endpoint as usual.
 *
 * <pre>{@code
 * AutoResponse.set(session, "heartbeat", "alive");
 * }</pre>
 *
 * <p>Messages the endpoint takes in parts (partial or streaming handlers) never match. The response is framed once,
 * when set. While the application is in the middle of sending a fragmented message to the session, the response
 * waits for its end on a callback thread.
 */
public final class AutoResponse {

    /** The pair of each session that has one; empty (the usual case) costs the reader one map read per message. */
    private static final ConcurrentHashMap<Session, Pair> PAIRS = new ConcurrentHashMap<>();

    private record Pair(String textRequest, ByteBuffer binaryRequest, SharedMessage response) {
    }

    private AutoResponse() {
    }

    /** Answers every text message equal to {@code request} with the text {@code response}; replaces any pair. */
    public static void set(Session session, String request, String response) {
        put(session, new Pair(Objects.requireNonNull(request, "request"), null,
                SharedMessage.text(Objects.requireNonNull(response, "response"))));
    }

    /** Answers every binary message equal to {@code request} with the binary {@code response}; both are copied. */
    public static void set(Session session, byte[] request, byte[] response) {
        put(session, new Pair(null, ByteBuffer.wrap(request.clone()).asReadOnlyBuffer(),
                SharedMessage.of(false, response.clone())));
    }

    /** Removes the session's pair: every message reaches the endpoint again. */
    public static void clear(Session session) {
        PAIRS.remove(session);
    }

    private static void put(Session session, Pair pair) {
        RoomsTap.install();
        if (PAIRS.put(session, pair) == null) {
            SessionPort.whenClosed(session, () -> PAIRS.remove(session));
        }
    }

    /** On the reading thread: true if {@code text} was answered. */
    static boolean answerText(Session session, String text) {
        if (PAIRS.isEmpty()) {
            return false;
        }
        Pair pair = PAIRS.get(session);
        if (pair == null || pair.textRequest == null || !pair.textRequest.equals(text)) {
            return false;
        }
        respond(session, pair.response);
        return true;
    }

    /** On the reading thread: true if {@code data} was answered. */
    static boolean answerBinary(Session session, ByteBuffer data) {
        if (PAIRS.isEmpty()) {
            return false;
        }
        Pair pair = PAIRS.get(session);
        if (pair == null || pair.binaryRequest == null || !pair.binaryRequest.equals(data)) {
            return false;
        }
        respond(session, pair.response);
        return true;
    }

    private static void respond(Session session, SharedMessage response) {
        long limit = SessionPort.maxSendQueueBytes(session);
        SessionPort.Sent sent = SessionPort.sendShared(session, response, limit, false);
        if (sent == SessionPort.Sent.BUSY) {
            SessionPort.pool(session).execute(() -> overLimit(session,
                    SessionPort.sendShared(session, response, limit, true), limit));
        } else {
            overLimit(session, sent, limit);
        }
    }

    private static void overLimit(Session session, SessionPort.Sent sent, long limit) {
        if (sent == SessionPort.Sent.OVER_LIMIT) {
            SessionPort.closeSlowMember(session, "send queue over its limit of " + limit
                    + " bytes: the peer is not reading");
        }
    }
}
