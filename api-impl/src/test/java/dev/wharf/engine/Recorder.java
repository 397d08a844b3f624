package dev.wharf.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A listener and control output that record everything an engine reports and sends, for assertions. */
final class Recorder implements EngineListener, ControlOutput {

    final List<String> events = new ArrayList<>() {
        @Override
        public boolean add(String e) {
            timeline.add(e);
            return super.add(e);
        }
    };
    /** Events and sent control frames ("sent:<hex>") in the order they happened. */
    final List<String> timeline = new ArrayList<>();
    /** Each control frame the engine sent on its own, header and payload concatenated. */
    final List<byte[]> controlFrames = new ArrayList<>();
    /** Received messages, assembled from parts when delivered in parts. */
    final List<Object> messages = new ArrayList<>();
    /** Buffers handed over, to check that none is a view of the input or reused. */
    final List<ByteBuffer> handedOver = new ArrayList<>();
    int pieces;

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public void onText(String s, boolean last) {
        pieces++;
        text.append(s);
        events.add("text:" + s + ":" + last);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
    }

    @Override
    public void onBinary(ByteBuffer data, boolean last) {
        pieces++;
        handedOver.add(data);
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        binary.writeBytes(b);
        events.add("binary:" + (b.length <= 32 ? HexFormat.of().formatHex(b) : b.length + " bytes") + ":" + last);
        if (last) {
            messages.add(binary.toByteArray());
            binary.reset();
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping:" + hex(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong:" + hex(payload));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close:" + code + ":" + reason);
    }

    @Override
    public void onFailure(int code, String reason) {
        events.add("failure:" + code + ":" + reason);
    }

    @Override
    public void sendControl(ByteBuffer[] frame) {
        byte[] bytes = Wire.concat(frame);
        controlFrames.add(bytes);
        timeline.add("sent:" + HexFormat.of().formatHex(bytes));
    }

    String last() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    /** The single failure event's code, asserting there is exactly one terminal event. */
    int failureCode() {
        List<String> failures = events.stream().filter(e -> e.startsWith("failure:")).toList();
        if (failures.size() != 1) {
            throw new AssertionError("expected one failure, got " + events);
        }
        return Integer.parseInt(failures.get(0).split(":")[1]);
    }

    static String hex(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return HexFormat.of().formatHex(copy);
    }
}
