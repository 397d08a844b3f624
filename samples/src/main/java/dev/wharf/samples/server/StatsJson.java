package dev.wharf.samples.server;

import dev.wharf.metrics.CloseCodeSlots;
import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.EndpointMeters;
import java.util.Comparator;

/**
 * One snapshot of a container's meters as a JSON object: totals over its endpoints, and each endpoint's own. Counters
 * are totals since start; the page turns them into rates.
 *
 * <pre>{"time":…,"open":2,"messagesIn":40,"messagesOut":41,"bytesIn":…,"bytesOut":…,"queueBytes":0,
 * "queueBytesMax":…,"behind":0,"threads":3,"handshakes":12,"refused":1,"closes":{"1000":5,"1001":1},
 * "endpoints":[{"path":"/echo","open":1,"messagesIn":20,"messagesOut":20,"pings":0,"rttP50Ms":0,"rttP99Ms":0},
 * …]}</pre>
 * {@code pings} counts the endpoint's pings answered by their pong, {@code rttP50Ms} and {@code rttP99Ms} their round
 * trip (bucket upper bounds, ms).
 */
final class StatsJson {

    private StatsJson() {
    }

    static String snapshot(ContainerMeters meters, long timeMillis) {
        long open = 0;
        long in = 0;
        long out = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        long[] closes = new long[CloseCodeSlots.COUNT];
        StringBuilder endpoints = new StringBuilder("[");
        var sorted = meters.endpoints().stream().sorted(Comparator.comparing(EndpointMeters::path)).toList();
        for (EndpointMeters e : sorted) {
            long eIn = e.textMessagesReceived() + e.binaryMessagesReceived();
            long eOut = e.textMessagesSent() + e.binaryMessagesSent();
            open += e.sessionsOpen();
            in += eIn;
            out += eOut;
            bytesIn += e.bytesReceived();
            bytesOut += e.bytesSent();
            for (int slot = 0; slot < closes.length; slot++) {
                closes[slot] += e.closes(slot);
            }
            if (endpoints.length() > 1) {
                endpoints.append(',');
            }
            endpoints.append("{\"path\":").append(quote(e.path())).append(",\"open\":").append(e.sessionsOpen())
                    .append(",\"messagesIn\":").append(eIn).append(",\"messagesOut\":").append(eOut)
                    .append(",\"pings\":").append(e.pingRoundTrips().count())
                    .append(",\"rttP50Ms\":").append(millis(e.pingRoundTrips().percentileNanos(0.5)))
                    .append(",\"rttP99Ms\":").append(millis(e.pingRoundTrips().percentileNanos(0.99))).append('}');
        }
        endpoints.append(']');
        StringBuilder json = new StringBuilder(256 + endpoints.length());
        json.append("{\"time\":").append(timeMillis)
                .append(",\"open\":").append(open)
                .append(",\"messagesIn\":").append(in)
                .append(",\"messagesOut\":").append(out)
                .append(",\"bytesIn\":").append(bytesIn)
                .append(",\"bytesOut\":").append(bytesOut)
                .append(",\"queueBytes\":").append(meters.sendQueueBytes())
                .append(",\"queueBytesMax\":").append(meters.sendQueueBytesHighWater())
                .append(",\"behind\":").append(meters.sessionsBehind())
                .append(",\"threads\":").append(meters.callbackThreads())
                .append(",\"handshakes\":").append(meters.handshakes().accepted())
                .append(",\"refused\":").append(meters.handshakes().refusedTotal())
                .append(",\"closes\":{");
        boolean first = true;
        for (int slot = 0; slot < closes.length; slot++) {
            if (closes[slot] > 0) {
                json.append(first ? "" : ",").append(quote(CloseCodeSlots.label(slot))).append(':').append(closes[slot]);
                first = false;
            }
        }
        return json.append("},\"endpoints\":").append(endpoints).append('}').toString();
    }

    /** Nanoseconds as milliseconds to the microsecond: 0.25, 2.5, 10. */
    private static String millis(long nanos) {
        double ms = Math.round(nanos / 1000.0) / 1000.0;
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }

    /** A JSON string; path templates are plain text, but a configurator may register anything. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
