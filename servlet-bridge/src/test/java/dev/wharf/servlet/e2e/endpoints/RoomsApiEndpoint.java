package dev.wharf.servlet.e2e.endpoints;

import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.WharfMetrics;
import dev.wharf.rooms.AutoResponse;
import dev.wharf.rooms.KeepAlive;
import dev.wharf.rooms.RoomKey;
import dev.wharf.rooms.Rooms;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rooms API under test: sessions join the room their path names ({@link RoomKey}); text commands broadcast,
 * set the member limit, ping, and report; {@code ?auto} registers auto-responses and {@code ?ping=ms} keep-alive.
 */
@ServerEndpoint("/rooms-api/{room}")
@RoomKey("room")
public class RoomsApiEndpoint {

    /** Installed by the {@code broker} command, once per container; the test reads it. */
    public static final java.util.Map<jakarta.websocket.WebSocketContainer, RecordingBroker> BROKERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** How many sessions onClose saw end with each reason (what {@code closes} reports). */
    private static final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> CLOSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The message a broadcast carries as number {@code i} of {@code size} characters, text with non-ASCII. */
    public static String message(int i, int size) {
        StringBuilder s = new StringBuilder("m").append(i).append(':');
        String pattern = "abcé€😀xyz";
        while (s.length() < size) {
            s.append(pattern.charAt(s.length() % pattern.length()));
        }
        if (Character.isHighSurrogate(s.charAt(s.length() - 1))) {
            s.setLength(s.length() - 1);
        }
        return s.toString();
    }

    @OnOpen
    public void open(Session session) {
        session.getUserProperties().put("seen", new AtomicInteger());
        if (session.getRequestParameterMap().containsKey("auto")) {
            AutoResponse.set(session, "heartbeat", "alive");
        }
        if (session.getRequestParameterMap().containsKey("autobin")) {
            AutoResponse.set(session, new byte[] {1, 2, 3}, new byte[] {4, 5});
        }
        List<String> ping = session.getRequestParameterMap().get("ping");
        if (ping != null) {
            Duration interval = Duration.ofMillis(Long.parseLong(ping.get(0)));
            List<String> pong = session.getRequestParameterMap().get("pong"); // the pong timeout, else the interval
            KeepAlive.set(session, interval, pong == null ? interval : Duration.ofMillis(Long.parseLong(pong.get(0))));
        }
    }

    @OnMessage
    public void text(Session session, String text, @PathParam("room") String room) throws IOException {
        AtomicInteger seen = (AtomicInteger) session.getUserProperties().get("seen");
        seen.incrementAndGet();
        Rooms rooms = Rooms.of(session);
        String[] parts = text.split(":");
        switch (parts[0]) {
            case "flood" -> { // flood:count:size[:first message number]
                int count = Integer.parseInt(parts[1]);
                int size = Integer.parseInt(parts[2]);
                int first = parts.length > 3 ? Integer.parseInt(parts[3]) : 0;
                for (int i = first; i < first + count; i++) {
                    rooms.broadcast(room, message(i, size), session);
                }
                session.getBasicRemote().sendText("flooded");
            }
            case "limit" -> {
                rooms.maxQueuedBytesPerMember(Long.parseLong(parts[1]));
                session.getBasicRemote().sendText("limit");
            }
            case "count" -> session.getBasicRemote().sendText("members=" + rooms.count(room) + " slow="
                    + rooms.slowMembersClosed() + " seen=" + seen.get());
            case "meters" -> { // what an operator reads: the container's published counter, the endpoint's meters
                ContainerMeters meters = WharfMetrics.of(session.getContainer());
                session.getBasicRemote().sendText("meters:slow=" + counter(meters, "rooms.members.closed.slow")
                        + " rtt=" + meters.endpoint("/rooms-api/{room}").pingRoundTrips().count()
                        + " broker=" + counter(meters, "rooms.broker.not.delivered"));
            }
            case "rtt" -> KeepAlive.ping(session).thenAccept(rtt -> session.getAsyncRemote()
                    .sendText("rtt:" + rtt.toNanos()));
            case "broker" -> {
                RecordingBroker broker = BROKERS.computeIfAbsent(session.getContainer(), c -> new RecordingBroker());
                if (rooms.broker() != broker) {
                    rooms.useBroker(broker);
                }
                session.getBasicRemote().sendText("broker:" + System.identityHashCode(session.getContainer()));
            }
            case "say" -> {
                rooms.broadcast(room, parts[1], session);
                session.getBasicRemote().sendText("said");
            }
            case "closes" -> {
                StringBuilder out = new StringBuilder("closes");
                new java.util.TreeMap<>(CLOSES).forEach((reason, n) -> out.append('|').append(reason).append('=')
                        .append(n.get()));
                session.getBasicRemote().sendText(out.toString());
            }
            case "clear" -> {
                AutoResponse.clear(session);
                session.getBasicRemote().sendText("cleared");
            }
            default -> session.getBasicRemote().sendText("echo:" + text);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) throws IOException {
        session.getBasicRemote().sendText("echo-binary:" + data.remaining());
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        Reports.add(session, "close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
        // The kind of reason, without the figures in it.
        String kind = reason.getReasonPhrase().replaceAll("[:0-9].*", "").trim();
        CLOSES.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private static long counter(ContainerMeters meters, String name) {
        return meters.counters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value()
                .getAsLong();
    }
}
