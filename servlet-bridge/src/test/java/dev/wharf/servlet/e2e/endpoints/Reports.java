package dev.wharf.servlet.e2e.endpoints;

import jakarta.websocket.Session;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Server-side observations a test cannot see on the wire (what {@code @OnClose} was told, for example). A test
 * connects with {@code ?report=<key>} from {@link #newKey()} and polls {@link #queue(String)}; endpoints of other
 * connections never write to it, so tests sharing a host do not see each other's events.
 */
public final class Reports {

    private static final ConcurrentMap<String, BlockingQueue<String>> QUEUES = new ConcurrentHashMap<>();

    private Reports() {}

    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    public static BlockingQueue<String> queue(String key) {
        return QUEUES.computeIfAbsent(key, k -> new LinkedBlockingQueue<>());
    }

    /** Adds {@code event} to the queue named by the session's {@code report} query parameter, if any. */
    public static void add(Session session, String event) {
        List<String> keys = session.getRequestParameterMap().get("report");
        if (keys != null && !keys.isEmpty()) {
            queue(keys.get(0)).add(event);
        }
    }
}
