package dev.wharf.servlet.e2e.endpoints;

import dev.wharf.rooms.RoomBroker;
import dev.wharf.rooms.RoomMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A broker that writes down what the rooms code tells it, and lets a test play another server's broadcast. */
public final class RecordingBroker implements RoomBroker {

    public final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    /** What {@link #notDelivered()} reports: a test plays a broker that could not reach the other servers. */
    public final AtomicLong undelivered = new AtomicLong();
    private volatile RemoteDelivery delivery;

    @Override
    public void start(RemoteDelivery remote) {
        delivery = remote;
    }

    @Override
    public void subscribe(String room) {
        calls.add("subscribe " + room);
    }

    @Override
    public void unsubscribe(String room) {
        calls.add("unsubscribe " + room);
    }

    @Override
    public void publish(String room, RoomMessage message) {
        calls.add("publish " + room + " " + (message.text() ? "text " : "binary ")
                + new String(message.payload(), StandardCharsets.UTF_8));
    }

    /** What another server broadcast to {@code room}. */
    public void fromAnotherServer(String room, String text) {
        delivery.deliver(room, new RoomMessage(true, text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public long notDelivered() {
        return undelivered.get();
    }

    @Override
    public void close() {
        calls.add("close");
    }
}
