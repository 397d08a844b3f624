package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.engine.ControlOutput;
import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.EngineListener;
import dev.wharf.engine.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Partial delivery of compressed messages: the parts follow the frames, and only the final frame's part is last. */
class PartialDeliveryTest {

    /** Records every part the engine delivers as "text|binary:content:last". */
    private static final class Parts implements EngineListener, ControlOutput {
        final List<String> parts = new ArrayList<>();

        @Override
        public void onText(String text, boolean last) {
            parts.add("text:" + text + ":" + last);
        }

        @Override
        public void onBinary(ByteBuffer data, boolean last) {
            parts.add("binary:" + StandardCharsets.UTF_8.decode(data) + ":" + last);
        }

        @Override
        public void onPing(ByteBuffer payload) {
        }

        @Override
        public void onPong(ByteBuffer payload) {
        }

        @Override
        public void onClose(int code, String reason) {
            parts.add("close:" + code);
        }

        @Override
        public void onFailure(int code, String reason) {
            parts.add("failure:" + code + ":" + reason);
        }

        @Override
        public void sendControl(ByteBuffer[] frame) {
        }
    }

    private final Engine client = new Engine(EngineConfig.builder(Role.CLIENT)
            .extensions(List.of(PerMessageDeflate.forClient(false, false))).build(), new Parts(), new Parts());
    private final Parts received = new Parts();
    private final Engine server = new Engine(EngineConfig.builder(Role.SERVER)
            .extensions(List.of(PerMessageDeflate.forServer(false, false))).build(), received, received);

    {
        server.setPartialText(true);
        server.setPartialBinary(true);
    }

    private void receive(ByteBuffer[] frame) {
        server.receive(ByteBuffer.wrap(Peer.concat(frame)));
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("RFC 7692 §7.2.2: the final frame's data arrives with last=true, not followed by an empty last part")
    void finalFrameCarriesLast() {
        receive(client.encodeText("compressed first fragment, compressed first fragment", false));
        assertEquals(List.of("text:compressed first fragment, compressed first fragment:false"), received.parts,
                "a non-final frame is delivered before the rest of the message arrives");
        receive(client.encodeText("and the final fragment of it", true));
        receive(client.encodeBinary(utf8("one compressed binary frame, one compressed binary frame"), true));
        assertEquals(List.of(
                "text:compressed first fragment, compressed first fragment:false",
                "text:and the final fragment of it:true",
                "binary:one compressed binary frame, one compressed binary frame:true"), received.parts);
    }

    @Test
    @DisplayName("an empty final frame of a compressed message ends it with an empty last part")
    void emptyFinalFrameEndsTheMessage() {
        receive(client.encodeBinary(utf8("some compressed binary data, some compressed binary data"), false));
        receive(client.encodeBinary(ByteBuffer.allocate(0), true));
        assertEquals(List.of("binary:some compressed binary data, some compressed binary data:false",
                "binary::true"), received.parts);
    }

    @Test
    @DisplayName("a compressed final frame split across reads is delivered as it arrives, last=true at its end")
    void finalFrameSplitAcrossReads() {
        StringBuilder letters = new StringBuilder();
        java.util.Random random = new java.util.Random(7); // little repetition: the first half of the wire inflates
        for (int i = 0; i < 9000; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        String text = letters.toString();
        byte[] wire = Peer.concat(client.encodeText(text, true));
        int half = wire.length / 2;
        server.receive(ByteBuffer.wrap(Arrays.copyOf(wire, half)));
        assertEquals(1, received.parts.size(), "the first read's data is delivered before the rest arrives");
        assertEquals(":false", received.parts.get(0).substring(received.parts.get(0).lastIndexOf(':')));
        server.receive(ByteBuffer.wrap(Arrays.copyOfRange(wire, half, wire.length)));
        StringBuilder all = new StringBuilder();
        for (String part : received.parts) {
            all.append(part, "text:".length(), part.lastIndexOf(':'));
        }
        assertEquals(text, all.toString());
        String lastPart = received.parts.get(received.parts.size() - 1);
        assertEquals(":true", lastPart.substring(lastPart.lastIndexOf(':')));
    }
}
