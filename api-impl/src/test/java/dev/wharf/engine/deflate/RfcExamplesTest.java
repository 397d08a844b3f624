package dev.wharf.engine.deflate;

import static dev.wharf.engine.deflate.Peer.concat;
import static dev.wharf.engine.deflate.Peer.hex;
import static dev.wharf.engine.deflate.Peer.serverFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.engine.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 7692 §7.2.3: the worked examples, byte for byte, both ways. */
class RfcExamplesTest {

    private static PerMessageDeflate deflate(boolean takeover) {
        return new PerMessageDeflate(-1, takeover, takeover, 0);
    }

    private static String sendText(Peer server, String text) {
        return hex(concat(server.engine.encodeText(text, true)));
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.1: \"Hello\" compresses to c1 07 f2 48 cd c9 c9 07 00")
    void helloCompressed() {
        Peer server = new Peer(Role.SERVER, deflate(false));
        assertEquals("c1 07 f2 48 cd c9 c9 07 00", sendText(server, "Hello"));
        assertEquals("c1 07 f2 48 cd c9 c9 07 00", sendText(server, "Hello"), "no takeover: same bytes again");
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.2: with context takeover the second \"Hello\" refers to the first; the RFC's bytes decode")
    void helloTwiceWithTakeover() {
        Peer server = new Peer(Role.SERVER, deflate(true));
        assertEquals("c1 07 f2 48 cd c9 c9 07 00", sendText(server, "Hello"));
        // The RFC shows zlib's c1 05 f2 00 11 00 00 (a literal 'H', then "ello" 5 back); our compressor finds the
        // whole word 5 back: one match, one byte shorter.
        assertEquals("c1 04 02 13 00 00", sendText(server, "Hello"));
        Peer ours = new Peer(Role.CLIENT, deflate(true));
        ours.feed(Peer.hex("c1 07 f2 48 cd c9 c9 07 00 c1 04 02 13 00 00"));
        assertEquals(List.of("Hello", "Hello"), ours.messages);

        Peer client = new Peer(Role.CLIENT, deflate(true));
        client.feed(Peer.hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"));
        assertEquals(List.of("Hello", "Hello"), client.messages);
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.1: a client inflates the single-frame example")
    void helloDecoded() {
        Peer client = new Peer(Role.CLIENT, deflate(false));
        client.feed(Peer.hex("c1 07 f2 48 cd c9 c9 07 00"));
        assertEquals(List.of("Hello"), client.messages);
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.1: the fragmented example, 41 03 f2 48 cd then 80 04 c9 c9 07 00")
    void fragmentedExample() {
        Peer client = new Peer(Role.CLIENT, deflate(false));
        client.feed(Peer.hex("41 03 f2 48 cd"));
        client.feed(Peer.hex("80 04 c9 c9 07 00"));
        assertEquals(List.of("Hello"), client.messages);
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.3: the DEFLATE block with no compression, c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00")
    void uncompressedBlock() {
        Peer client = new Peer(Role.CLIENT, deflate(true));
        client.feed(Peer.hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"));
        assertEquals(List.of("Hello"), client.messages);
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.4: a DEFLATE block with BFINAL set, then a message after it")
    void finalBlock() {
        Peer client = new Peer(Role.CLIENT, deflate(true));
        client.feed(Peer.hex("c1 08 f3 48 cd c9 c9 07 00 00"));
        client.feed(Peer.hex("c1 07 f2 48 cd c9 c9 07 00"));
        assertEquals(List.of("Hello", "Hello"), client.messages);
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.5: two DEFLATE blocks in one message")
    void twoBlocks() {
        Peer client = new Peer(Role.CLIENT, deflate(false));
        client.feed(Peer.hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00"));
        assertEquals(List.of("Hello"), client.messages);
    }

    @Test
    @DisplayName("RFC 7692 §7.2.3.6: an empty message compresses to a single 00, also again with takeover")
    void emptyMessage() {
        for (boolean takeover : new boolean[] {false, true}) {
            Peer server = new Peer(Role.SERVER, deflate(takeover));
            assertEquals("c1 01 00", sendText(server, ""));
            assertEquals("c1 01 00", sendText(server, ""), "after a message that ended on a sync flush");
            String hello = sendText(server, "Hello");
            Peer client = new Peer(Role.CLIENT, deflate(takeover));
            client.feed(Peer.hex("c1 01 00 c1 01 00 " + hello));
            assertEquals(List.of("", "", "Hello"), client.messages, "takeover " + takeover);
        }
    }

    @Test
    @DisplayName("the extension alone: strips 00 00 ff ff from the message, keeps it between frames")
    void tailOnlyStrippedAtMessageEnd() {
        PerMessageDeflate d = deflate(false);
        ByteBuffer hel = ByteBuffer.wrap("Hel".getBytes(StandardCharsets.UTF_8));
        d.beginOutbound(true, hel, false);
        byte[] first = Peer.bytes(d.encode(hel, false));
        byte[] second = Peer.bytes(d.encode(ByteBuffer.wrap("lo".getBytes(StandardCharsets.UTF_8)), true));
        byte[] third = Peer.bytes(d.encode(ByteBuffer.allocate(0), true)); // a new message, not begun: still fine
        PerMessageDeflate in = deflate(false);
        byte[] whole = new byte[first.length + second.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 0, whole, first.length, second.length);
        Peer client = new Peer(Role.CLIENT, in);
        client.feed(serverFrame(0xC1, whole));
        assertEquals(List.of("Hello"), client.messages, hex(first) + " | " + hex(second) + " | " + hex(third));
        assertEquals("00 00 ff ff", hex(java.util.Arrays.copyOfRange(second, 0, 4)),
                "the first frame's sync-flush tail is held back and sent with the next frame, not dropped");
    }
}
