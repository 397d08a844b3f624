package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.engine.Role;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hostile or broken input: zip bombs, corrupt data, RSV1 where it does not belong; and release on failure. */
class FailureTest {

    private static final int LIMIT = 1 << 20;

    /** {@code zeros} zero bytes as one raw-deflate message body, sync-flushed and without its tail. */
    static byte[] compressedZeros(long zeros) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] block = new byte[1 << 20];
        byte[] out = new byte[64 << 10];
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        for (long left = zeros; left > 0; left -= block.length) {
            d.setInput(block, 0, (int) Math.min(block.length, left));
            while (!d.needsInput()) {
                result.write(out, 0, d.deflate(out, 0, out.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        while ((n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH)) > 0) {
            result.write(out, 0, n);
        }
        d.end();
        byte[] all = result.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }

    @Test
    @DisplayName("RFC 6455 §10.4: 100 MiB of zeros in ~100 KiB fails with 1009 after inflating at most the limit + 1")
    void zipBombRefusedWithoutInflatingIt() {
        byte[] bomb = compressedZeros(100L << 20);
        assertTrue(bomb.length < 200_000, "the bomb is small on the wire: " + bomb.length);
        PerMessageDeflate d = new PerMessageDeflate(-1, true, true, 0);
        Peer server = new Peer(Role.CLIENT, LIMIT, d);
        server.feed(Peer.serverFrame(0xC2, bomb));
        assertEquals(1009, server.failureCode(), server.events.toString());
        assertTrue(d.inflatedInMessage() <= LIMIT + 1L, "inflated " + d.inflatedInMessage());
        assertFalse(d.holdsInflater(), "released on failure");
    }

    @Test
    @DisplayName("a bomb spread over many fragments is refused the same way, counting the whole message")
    void fragmentedZipBomb() {
        byte[] bomb = compressedZeros(20L << 20);
        PerMessageDeflate d = new PerMessageDeflate(-1, false, false, 0);
        Peer client = new Peer(Role.CLIENT, LIMIT, d);
        int step = 1000;
        for (int at = 0; at < bomb.length && client.failureCode() < 0; at += step) {
            int n = Math.min(step, bomb.length - at);
            int first = at == 0 ? 0x02 | 0x40 : 0x00;
            boolean fin = at + n == bomb.length;
            client.feed(Peer.serverFrame(first | (fin ? 0x80 : 0), java.util.Arrays.copyOfRange(bomb, at, at + n)));
        }
        assertEquals(1009, client.failureCode());
        assertTrue(d.inflatedInMessage() <= LIMIT + 1L, "inflated " + d.inflatedInMessage());
        // Issue #19: the reason states the message's limit, not what was left of it for the last fragment.
        assertTrue(client.events.contains("failure:1009:binary message of at least " + (LIMIT + 1) + " bytes exceeds "
                + LIMIT + " bytes (limit)"), client.events.toString());
    }

    @Test
    @DisplayName("a message inflating to exactly the limit is accepted")
    void exactlyTheLimitIsAccepted() {
        Peer client = new Peer(Role.CLIENT, LIMIT, new PerMessageDeflate(-1, true, true, 0));
        client.feed(Peer.serverFrame(0xC2, compressedZeros(LIMIT)));
        assertEquals(-1, client.failureCode(), client.events.toString());
        assertEquals(LIMIT, ((byte[]) client.messages.get(0)).length);
    }

    @Test
    @DisplayName("corrupt compressed data fails with 1007 (RFC 6455 §7.4.1: data inconsistent with the message)")
    void corruptDataIs1007() {
        PerMessageDeflate d = new PerMessageDeflate(-1, true, true, 0);
        Peer server = new Peer(Role.SERVER, d);
        server.feed(Peer.hex("c1 84 00 00 00 00 ff ff ff ff")); // BTYPE 11 is reserved (RFC 1951 §3.2.3)
        assertEquals(1007, server.failureCode(), server.events.toString());
        assertFalse(d.holdsInflater());
        assertEquals("03 ef", Peer.hex(java.util.Arrays.copyOfRange(server.controlFrames.get(0), 2, 4)),
                "close frame with 1007 sent");
    }

    @Test
    @DisplayName("inflated text is still validated: bad UTF-8 inside a compressed message is 1007")
    void badUtf8InsideCompressedText() {
        Deflater z = new Deflater(-1, true);
        z.setInput(new byte[] {(byte) 0xC3, 0x28});
        byte[] out = new byte[64];
        int n = z.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        Peer client = new Peer(Role.CLIENT, new PerMessageDeflate(-1, true, true, 0));
        client.feed(Peer.serverFrame(0xC1, java.util.Arrays.copyOf(out, n - 4)));
        assertEquals(1007, client.failureCode());
    }

    @Test
    @DisplayName("RFC 7692 §6.1: RSV1 on a continuation frame fails with 1002")
    void rsv1OnContinuationIs1002() {
        Peer client = new Peer(Role.CLIENT, new PerMessageDeflate(-1, true, true, 0));
        client.feed(Peer.hex("41 03 f2 48 cd c0 04 c9 c9 07 00"));
        assertEquals(1002, client.failureCode());
    }

    @Test
    @DisplayName("RFC 7692 §6.1: RSV1 on a control frame fails with 1002; control frames are sent uncompressed")
    void controlFramesNeverCompressed() {
        Peer client = new Peer(Role.CLIENT, new PerMessageDeflate(-1, true, true, 0));
        client.feed(Peer.hex("c9 00"));
        assertEquals(1002, client.failureCode());

        Peer server = new Peer(Role.SERVER, new PerMessageDeflate(-1, true, true, 0));
        assertEquals("89 02 68 69", Peer.hex(Peer.concat(server.engine.encodePing(ByteBuffer.wrap("hi".getBytes())))));
        assertEquals("8a 02 68 69", Peer.hex(Peer.concat(server.engine.encodePong(ByteBuffer.wrap("hi".getBytes())))));
        server.feed(Peer.hex("89 80 00 00 00 00")); // a masked, empty ping from the client
        assertEquals("8a 00", Peer.hex(server.controlFrames.get(0)), "the automatic pong is plain too");
        assertEquals("88 02 03 e8", Peer.hex(Peer.concat(server.engine.encodeClose(1000, ""))));
    }

    @Test
    @DisplayName("after the connection ends the extension holds nothing and refuses to compress")
    void releasedOnCloseAndEnd() {
        PerMessageDeflate d = new PerMessageDeflate(-1, true, true, 0);
        Peer server = new Peer(Role.SERVER, d);
        server.engine.encodeText("Hello", true);
        server.feed(Peer.hex("c1 87 00 00 00 00 f2 48 cd c9 c9 07 00")); // masked, zero key
        assertEquals(10, d.historyBytes(), "context takeover keeps \"Hello\" of each direction, no codec");
        server.feed(Peer.hex("88 82 00 00 00 00 03 e8"));
        assertEquals("close:1000", server.events.get(server.events.size() - 1));
        assertEquals(0, d.historyBytes(), "the close handshake released both histories");
        assertFalse(d.holdsDeflater() || d.holdsInflater());
        assertThrows(IllegalStateException.class, () -> d.encode(ByteBuffer.allocate(1), true));

        PerMessageDeflate e = new PerMessageDeflate(-1, true, true, 0);
        Peer other = new Peer(Role.SERVER, e);
        other.engine.encodeText("Hello", true);
        other.engine.receiveEnd();
        assertFalse(e.holdsDeflater(), "the transport ending released it");
    }
}
