package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.engine.Role;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a connection holds between messages, and when compression is skipped. */
class MemoryTest {

    private static final String TEXT = "a fairly compressible message, a fairly compressible message, again and again";

    @Test
    @DisplayName("without context takeover no Deflater or Inflater is kept between messages, even mid-stream ends")
    void noTakeoverHoldsNothingBetweenMessages() {
        PerMessageDeflate server = PerMessageDeflate.forServer(true, true);
        PerMessageDeflate client = PerMessageDeflate.forClient(true, true);
        Peer s = new Peer(Role.SERVER, server);
        Peer c = new Peer(Role.CLIENT, client);
        for (int i = 0; i < 3; i++) {
            c.feed(Peer.concat(s.engine.encodeText(TEXT, true)));
            assertFalse(server.holdsDeflater());
            assertFalse(client.holdsInflater());
            byte[] first = Peer.concat(c.engine.encodeText(TEXT, false));
            assertTrue(client.holdsDeflater(), "held while a fragmented message is in progress");
            s.feed(first);
            s.feed(Peer.concat(c.engine.encodeText(TEXT, true)));
            assertFalse(client.holdsDeflater());
            assertFalse(server.holdsInflater());
        }
        assertEquals(3, c.messages.size());
        assertEquals(TEXT + TEXT, s.messages.get(2));
    }

    @Test
    @DisplayName("with context takeover only history is kept: what was sent, at most the window, freed at release")
    void takeoverKeepsOnlyHistory() {
        PerMessageDeflate server = PerMessageDeflate.forServer(false, false, 10, 15, 6, 8);
        assertEquals(0, server.historyBytes(), "nothing allocated by the handshake alone");
        Peer s = new Peer(Role.SERVER, server);
        s.engine.encodeText(TEXT, true);
        assertFalse(server.holdsDeflater() || server.holdsInflater(), "no codec between messages");
        assertEquals(TEXT.length(), server.historyBytes(), "one message: its own bytes");
        for (int i = 0; i < 40; i++) {
            s.engine.encodeText(TEXT + i, true);
        }
        assertEquals(1024, server.historyBytes(), "server_max_window_bits=10: 1 KiB at most");
        server.release();
        assertEquals(0, server.historyBytes());
    }

    @Test
    @DisplayName("short messages go uncompressed (RSV1 clear); without takeover, so do ones that would not shrink")
    void smallOrIncompressibleMessagesSentPlain() {
        Peer takeover = new Peer(Role.SERVER, PerMessageDeflate.forServer(false, false));
        assertEquals("81 05 48 65 6c 6c 6f", Peer.hex(Peer.concat(takeover.engine.encodeText("Hello", true))));
        assertEquals(0x41, Peer.concat(takeover.engine.encodeText(TEXT, true))[0] & 0x7F, "long text: RSV1");

        Peer fresh = new Peer(Role.SERVER, PerMessageDeflate.forServer(true, false));
        byte[] random = new byte[200];
        new java.util.Random(7).nextBytes(random);
        assertEquals(0x82, Peer.concat(fresh.engine.encodeBinary(ByteBuffer.wrap(random), true))[0] & 0xFF,
                "random bytes would grow: sent plain");
        byte[] compressed = Peer.concat(fresh.engine.encodeText(TEXT, true));
        assertEquals(0xC1, compressed[0] & 0xFF);
        assertTrue(compressed.length < TEXT.length());
        Peer client = new Peer(Role.CLIENT, PerMessageDeflate.forClient(true, false));
        client.feed(compressed);
        assertEquals(TEXT, client.messages.get(0));
    }

    @Test
    @DisplayName("without context takeover at 15 bits zlib compresses (its dynamic codes); with a smaller window ours")
    void zlibWithoutTakeoverAtFullWindow() {
        byte[] text = (TEXT + " " + TEXT.toUpperCase() + " 0123456789 ".repeat(8)).getBytes();
        java.util.zip.Deflater zlib = new java.util.zip.Deflater(6, true);
        zlib.setInput(text);
        byte[] buffer = new byte[1024];
        int n = zlib.deflate(buffer, 0, buffer.length, java.util.zip.Deflater.SYNC_FLUSH);
        zlib.end();
        byte[] expected = java.util.Arrays.copyOf(buffer, n - 4);
        PerMessageDeflate noTakeover = new PerMessageDeflate(6, 4, 15, false, 15, false, 0);
        assertTrue(noTakeover.beginOutbound(true, ByteBuffer.wrap(text), true));
        ByteBuffer out = noTakeover.encode(ByteBuffer.wrap(text), true);
        assertEquals(Peer.hex(expected), Peer.hex(java.util.Arrays.copyOfRange(out.array(), out.position(), out.limit())));
        PerMessageDeflate small = new PerMessageDeflate(6, 4, 12, false, 15, false, 0);
        assertTrue(small.beginOutbound(true, ByteBuffer.wrap(text), true));
        ByteBuffer ours = small.encode(ByteBuffer.wrap(text), true);
        assertEquals(0b010, ours.get(ours.position()) & 0b111, "server_max_window_bits=12: our fixed-code block");
    }
}
