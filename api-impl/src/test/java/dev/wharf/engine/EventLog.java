package dev.wharf.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Records what an engine reports and sends in a form that does not depend on how the input was split or whether
 * messages were delivered whole or in parts: a message is logged once, when it completes, with its whole content;
 * pings, pongs, the close or failure, and each control frame the engine sent (decoded, so a client's random masking
 * key does not show) are logged in the order they happened. Two runs over the same bytes must give equal logs.
 *
 * <p>It also checks the listener contract as it goes (no event after the terminal one, no interleaved message
 * parts, correct masking of sent frames) and whether the engine touched a buffer after handing it over.
 */
final class EventLog implements EngineListener, ControlOutput {

    private static final HexFormat HEX = HexFormat.of();

    private final Role role;
    final List<String> events = new ArrayList<>();
    /** Contract breaches seen while recording; a correct engine leaves this empty. */
    final List<String> breaches = new ArrayList<>();
    /** Whole messages as delivered, for limit checks: String for text, byte[] for binary. */
    final List<Object> messages = new ArrayList<>();
    private boolean terminal;
    /** The kind of the message whose parts are arriving: 0 none, 't' text, 'b' binary. */
    private char pending;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    /** Buffers handed to the listener and what they held then: they are ours, so the engine must not change them. */
    private final List<ByteBuffer> handedOver = new ArrayList<>();
    private final List<byte[]> handedOverContent = new ArrayList<>();
    int failureCode = -1;
    int closeCode = -1;

    EventLog(Role role) {
        this.role = role;
    }

    @Override
    public void onText(String s, boolean last) {
        live("text");
        if (pending == 'b') {
            breaches.add("text part inside a binary message");
        }
        pending = 't';
        text.append(s);
        if (last) {
            String message = text.toString();
            messages.add(message);
            events.add("text:" + message);
            text.setLength(0);
            pending = 0;
        }
    }

    @Override
    public void onBinary(ByteBuffer data, boolean last) {
        live("binary");
        if (pending == 't') {
            breaches.add("binary part inside a text message");
        }
        pending = 'b';
        binary.writeBytes(keep(data));
        if (last) {
            byte[] message = binary.toByteArray();
            messages.add(message);
            events.add("binary:" + HEX.formatHex(message));
            binary.reset();
            pending = 0;
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        live("ping");
        events.add("ping:" + HEX.formatHex(keep(payload)));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        live("pong");
        events.add("pong:" + HEX.formatHex(keep(payload)));
    }

    @Override
    public void onClose(int code, String reason) {
        live("close");
        terminal = true;
        closeCode = code;
        events.add("close:" + code + ":" + reason);
    }

    @Override
    public void onFailure(int code, String reason) {
        live("failure");
        terminal = true;
        failureCode = code;
        // The reason is for people and may name a position; the code is the contract.
        events.add("failure:" + code);
    }

    @Override
    public void sendControl(ByteBuffer[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : frame) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.writeBytes(a);
        }
        events.add("sent:" + decodeSent(out.toByteArray()));
    }

    /** A control frame the engine sent, as "pong:&lt;hex&gt;" or "close:&lt;code&gt;"; checks its header on the way. */
    private String decodeSent(byte[] f) {
        if (f.length < 2) {
            breaches.add("sent frame of " + f.length + " bytes");
            return "?";
        }
        int opcode = f[0] & 0x0F;
        boolean masked = (f[1] & 0x80) != 0;
        int length = f[1] & 0x7F;
        if ((f[0] & 0xF0) != 0x80) {
            breaches.add("sent control frame without FIN or with RSV bits: " + HEX.formatHex(f));
        }
        // RFC 6455 §5.1, §5.3: a client masks every frame it sends, a server none.
        if (masked != (role == Role.CLIENT)) {
            breaches.add("sent frame masked=" + masked + " by a " + role);
        }
        int header = 2 + (masked ? 4 : 0);
        if (length > 125 || f.length != header + length) {
            breaches.add("sent control frame with a bad length: " + HEX.formatHex(f));
            return "?";
        }
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (f[header + i] ^ (masked ? f[2 + (i & 3)] : 0));
        }
        if (opcode == Opcode.CLOSE) {
            if (length == 0) {
                return "close";
            }
            int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (!StatusCodes.isValidOnWire(code)) {
                breaches.add("sent close code " + code);
            }
            // The reason of a failure is prose; only the code is compared.
            return "close:" + code;
        }
        return (opcode == Opcode.PONG ? "pong:" : "opcode" + opcode + ":") + HEX.formatHex(payload);
    }

    private void live(String what) {
        if (terminal) {
            breaches.add(what + " after the close or failure was reported");
        }
    }

    /** A copy of what the engine handed over; the buffer itself is kept to check later that it never changed. */
    private byte[] keep(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        handedOver.add(b);
        handedOverContent.add(copy.clone());
        return copy;
    }

    /** Adds a breach for every handed-over buffer whose content has changed since (the engine reused it). */
    void checkHandedOverUnchanged() {
        for (int i = 0; i < handedOver.size(); i++) {
            byte[] now = new byte[handedOver.get(i).remaining()];
            handedOver.get(i).duplicate().get(now);
            if (!java.util.Arrays.equals(now, handedOverContent.get(i))) {
                breaches.add("buffer handed over as event " + i + " changed afterwards");
            }
        }
    }

    /** UTF-8 bytes of every whole text message, for the size limits. */
    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
