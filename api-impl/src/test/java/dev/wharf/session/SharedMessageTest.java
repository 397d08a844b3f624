package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wharf.engine.SharedEncoding;
import dev.wharf.engine.deflate.PerMessageDeflate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: a broadcast is compressed once per distinct permessage-deflate setting among members whose server keeps
 * no context (RFC 7692 §7.1.1.1: every message starts from an empty window, so its compressed bytes are the same for
 * all of them), and compressed per member only where context takeover forces it.
 */
class SharedMessageTest {

    private static final String TEXT = "hello room, hello room, hello room: é€😀 ".repeat(40);

    private static SharedEncoding noTakeover(int windowBits) {
        return PerMessageDeflate.forServer(true, true, windowBits, 15, 6, 4).sharedEncoding();
    }

    @Test
    void membersWithTheSameSettingsShareOneCompression() throws Exception {
        SharedMessage message = SharedMessage.text(TEXT);
        SharedFrame first = message.frameFor(noTakeover(15));
        for (int i = 0; i < 50; i++) {
            // A new extension per member, as per connection: equal settings, not the same object.
            assertSame(first, message.frameFor(noTakeover(15)), "member " + i + " queues a view of the same frame");
        }
        assertEquals(1, message.encodings(), "the compressor ran once for 50 members");
        assertEquals(0x80 | PerMessageDeflate.RSV1 | 0x1, first.view().get(0) & 0xff, "FIN, RSV1, text (RFC 7692 §6)");
        assertEquals(TEXT, new String(inflate(payload(first.view())), StandardCharsets.UTF_8));
    }

    @Test
    void eachDistinctSettingIsCompressedOnceAndPlainMembersShareTheUncompressedFrame() throws Exception {
        SharedMessage message = SharedMessage.text(TEXT);
        for (int i = 0; i < 10; i++) {
            assertEquals(TEXT, new String(inflate(payload(message.frameView(noTakeover(9)))), StandardCharsets.UTF_8));
            assertEquals(TEXT, new String(inflate(payload(message.frameView(noTakeover(15)))), StandardCharsets.UTF_8));
            ByteBuffer plain = message.frameView(SharedEncoding.PLAIN);
            assertEquals(0x81, plain.get(0) & 0xff);
            assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8), payload(plain));
        }
        assertEquals(2, message.encodings(), "one compression per window size, none for plain members");
    }

    @Test
    void contextTakeoverHasNoSharedEncoding() {
        assertNull(PerMessageDeflate.forServer(false, true, 12, 15, 6, 4).sharedEncoding(),
                "with context takeover the frames depend on earlier messages: compressed per member");
        assertNotNull(noTakeover(12));
    }

    @Test
    void aMessageDeflateCannotShrinkGoesOutPlainToDeflateMembers() {
        SharedMessage shortOne = SharedMessage.text("hi"); // under the default threshold
        ByteBuffer view = shortOne.frameView(noTakeover(15));
        assertEquals(0x81, view.get(0) & 0xff, "RSV1 clear: not compressed");
        assertSame(shortOne.frameFor(SharedEncoding.PLAIN), shortOne.frameFor(noTakeover(15)), "the plain frame itself");
        byte[] noise = new byte[500];
        new java.util.Random(7).nextBytes(noise);
        SharedMessage random = SharedMessage.of(false, noise);
        ByteBuffer binary = random.frameView(noTakeover(15));
        assertEquals(0x82, binary.get(0) & 0xff, "incompressible: sent plain, like a member's own compressor does");
        assertArrayEquals(noise, payload(binary));
    }

    private static byte[] payload(ByteBuffer frame) {
        ByteBuffer f = frame.duplicate();
        int len = f.get(1) & 0x7f;
        int header = 2;
        if (len == 126) {
            len = f.getShort(2) & 0xffff;
            header = 4;
        } else if (len == 127) {
            len = (int) f.getLong(2);
            header = 10;
        }
        byte[] out = new byte[len];
        f.position(header);
        f.get(out);
        return out;
    }

    private static byte[] inflate(byte[] compressed) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] withTail = java.util.Arrays.copyOf(compressed, compressed.length + 4);
        withTail[compressed.length + 2] = (byte) 0xff;
        withTail[compressed.length + 3] = (byte) 0xff; // RFC 7692 §7.2.2: append 00 00 ff ff
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
