package dev.wharf.engine.deflate;

import dev.wharf.engine.ControlOutput;
import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.EngineListener;
import dev.wharf.engine.MessageExtension;
import dev.wharf.engine.Role;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** One engine with a recorder for what it reports, plus byte helpers for the deflate tests. */
final class Peer implements EngineListener, ControlOutput {

    final Engine engine;
    final List<String> events = new ArrayList<>();
    final List<Object> messages = new ArrayList<>();
    final List<byte[]> controlFrames = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    Peer(Role role, long maxMessage, MessageExtension... extensions) {
        this.engine = new Engine(EngineConfig.builder(role).maxTextMessageSize(maxMessage)
                .maxBinaryMessageSize(maxMessage).extensions(List.of(extensions)).build(), this, this);
    }

    Peer(Role role, MessageExtension... extensions) {
        this(role, EngineConfig.DEFAULT_MAX_MESSAGE_SIZE, extensions);
    }

    @Override
    public void onText(String s, boolean last) {
        text.append(s);
        if (last) {
            messages.add(text.toString());
            events.add("text:" + (text.length() <= 32 ? text : text.length() + " chars"));
            text.setLength(0);
        }
    }

    @Override
    public void onBinary(ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            messages.add(binary.toByteArray());
            events.add("binary:" + binary.size());
            binary.reset();
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping");
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong");
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close:" + code);
    }

    @Override
    public void onFailure(int code, String reason) {
        events.add("failure:" + code + ":" + reason);
    }

    @Override
    public void sendControl(ByteBuffer[] frame) {
        controlFrames.add(concat(frame));
    }

    /** The code of the single failure reported, or -1. */
    int failureCode() {
        for (String e : events) {
            if (e.startsWith("failure:")) {
                return Integer.parseInt(e.split(":")[1]);
            }
        }
        return -1;
    }

    void feed(byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes));
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static byte[] concat(ByteBuffer[] buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** An unmasked frame, as a server sends it, with the shortest length form. */
    static byte[] serverFrame(int firstByte, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >>> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
