package dev.wharf.engine;

import static dev.wharf.engine.Wire.concat;
import static dev.wharf.engine.Wire.serverFrame;
import static dev.wharf.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 6455 §5.8, §9: the RSV-bit extension seam, exercised with a trivial XOR "extension" owning RSV1. */
class ExtensionSeamTest {

    /** XORs every payload byte with 0x5A; marks every outbound message. Owns RSV1 like permessage-deflate. */
    static class XorExtension implements MessageExtension {
        int decodeCalls;
        long lastMaxOutput;

        @Override
        public String name() {
            return "x-xor";
        }

        @Override
        public int rsvBits() {
            return 0x40;
        }

        @Override
        public ByteBuffer decode(ByteBuffer chunk, boolean last, long maxOutput) {
            decodeCalls++;
            lastMaxOutput = maxOutput;
            return xor(chunk);
        }

        @Override
        public boolean beginOutbound(boolean text) {
            return true;
        }

        @Override
        public ByteBuffer encode(ByteBuffer payload, boolean last) {
            return xor(payload);
        }

        static ByteBuffer xor(ByteBuffer in) {
            byte[] out = new byte[in.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (in.get(in.position() + i) ^ 0x5A);
            }
            return ByteBuffer.wrap(out);
        }
    }

    private static byte[] xor(byte[] b) {
        return XorExtension.xor(ByteBuffer.wrap(b)).array();
    }

    private static Engine engine(Role role, Recorder r, MessageExtension... extensions) {
        return new Engine(EngineConfig.builder(role).extensions(List.of(extensions)).build(), r, r);
    }

    @Test
    @DisplayName("RFC 6455 §5.2: RSV1 is a protocol error without the extension, accepted with it")
    void rsv1AcceptedOnlyWithExtension() {
        byte[] frame = serverFrame(0x81 | 0x40, xor(utf8("hi")));
        FramingFailureTest.assertFails(Role.CLIENT, frame, 1002);
        Recorder r = new Recorder();
        Wire.feedBytewise(engine(Role.CLIENT, r, new XorExtension()), frame);
        assertEquals(List.of("text:hi:true"), r.events);
    }

    @Test
    @DisplayName("a message without RSV1 bypasses the extension; RSV1 on a continuation or control frame is 1002")
    void rsvRulesPerMessage() {
        XorExtension x = new XorExtension();
        Recorder r = new Recorder();
        Wire.feed(engine(Role.CLIENT, r, x), serverFrame(0x81, utf8("plain")));
        assertEquals(List.of("text:plain:true"), r.events);
        assertEquals(0, x.decodeCalls);

        Recorder c = new Recorder();
        Wire.feed(engine(Role.CLIENT, c, new XorExtension()),
                concat(serverFrame(0x41, xor(utf8("a"))), serverFrame(0xC0, xor(utf8("b")))));
        assertEquals(1002, c.failureCode());
        Recorder p = new Recorder();
        Wire.feed(engine(Role.CLIENT, p, new XorExtension()), serverFrame(0x89 | 0x40, new byte[0]));
        assertEquals(1002, p.failureCode());
    }

    @Test
    @DisplayName("data flows through the extension both ways: client writes with RSV1 on the first frame only, server decodes")
    void dataFlowsThroughExtensionBothWays() {
        Engine client = engine(Role.CLIENT, new Recorder(), new XorExtension());
        Recorder r = new Recorder();
        Engine server = engine(Role.SERVER, r, new XorExtension());
        ByteBuffer[] first = client.encodeText("Hel", false);
        ByteBuffer[] second = client.encodeText("lo", true);
        assertEquals(0x41, first[0].get(0) & 0xFF, "TEXT with RSV1");
        assertEquals(0x80, second[0].get(0) & 0xFF, "CONTINUATION without RSV1");
        Wire.feedBytewise(server, concat(Wire.concat(first), Wire.concat(second)));
        ByteBuffer[] bin = client.encodeBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        assertEquals(0xC2, bin[0].get(0) & 0xFF);
        Wire.feed(server, Wire.concat(bin));
        assertEquals("Hello", r.messages.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.messages.get(1));
    }

    @Test
    @DisplayName("the decoder is told the remaining message budget, and output beyond it fails with 1009")
    void decodedOutputIsBoundedByMessageLimit() {
        XorExtension x = new XorExtension();
        Recorder r = new Recorder();
        Engine client = new Engine(EngineConfig.builder(Role.CLIENT).maxBinaryMessageSize(4)
                .extensions(List.of(x)).build(), r, r);
        Wire.feed(client, serverFrame(0x02 | 0x40, xor(new byte[3])));
        assertEquals(4, x.lastMaxOutput);
        Wire.feed(client, serverFrame(0x80, xor(new byte[2])));
        assertEquals(1009, r.failureCode());
    }

    @Test
    @DisplayName("a server sends an extension's output as is, even in a direct buffer")
    void serverSendsDirectExtensionOutput() {
        MessageExtension direct = new XorExtension() {
            @Override
            public ByteBuffer encode(ByteBuffer payload, boolean last) {
                ByteBuffer heap = super.encode(payload, last);
                return ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
            }
        };
        Engine server = engine(Role.SERVER, new Recorder(), direct);
        assertArrayEquals(serverFrame(0xC1, xor(utf8("ok"))), Wire.concat(server.encodeText("ok", true)));
    }

    @Test
    void refusesExtensionsClaimingTheSameBit() {
        assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder(Role.SERVER).extensions(List.of(new XorExtension(), new XorExtension())));
    }

    @Test
    @DisplayName("a send after the connection ended and its extensions were released fails the same way every time")
    void sendAfterReleaseKeepsFailingCleanly() {
        // An extension that refuses to begin a message once released (permessage-deflate does): the engine must not
        // leave a message half-open, or the next send would continue it without its transforms.
        XorExtension released = new XorExtension() {
            boolean gone;

            @Override
            public boolean beginOutbound(boolean text) {
                if (gone) {
                    throw new IllegalStateException("released");
                }
                return true;
            }

            @Override
            public void release() {
                gone = true;
            }
        };
        Engine server = engine(Role.SERVER, new Recorder(), released);
        server.receiveEnd();
        assertThrows(IllegalStateException.class, () -> server.encodeText("one", true));
        assertThrows(IllegalStateException.class, () -> server.encodeText("two", true));
        assertThrows(IllegalStateException.class, () -> server.encodeBinary(ByteBuffer.allocate(3), true));
    }
}
