package dev.wharf.engine;

import static dev.wharf.engine.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 6455 §5.2-5.4: what the engine writes, and what it refuses to write. */
class WriterTest {

    @Test
    @DisplayName("RFC 6455 §5.4: fragments are TEXT/BINARY then CONTINUATION, FIN on the last only")
    void fragmentsUseContinuationFrames() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        assertArrayEquals(hex("02 01 00"), Wire.concat(server.encodeBinary(ByteBuffer.wrap(new byte[] {0}), false)));
        assertArrayEquals(hex("00 00"), Wire.concat(server.encodeBinary(ByteBuffer.allocate(0), false)));
        assertArrayEquals(hex("80 01 ff"), Wire.concat(server.encodeBinary(ByteBuffer.wrap(new byte[] {-1}), true)));
        assertArrayEquals(hex("81 00"), Wire.concat(server.encodeText("", true)));
    }

    @Test
    @DisplayName("RFC 6455 §5.4: mixing text and binary inside a message is refused")
    void refusesInterleavedMessages() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        server.encodeText("a", false);
        assertThrows(IllegalStateException.class, () -> server.encodeBinary(ByteBuffer.allocate(1), true));
        server.encodeText("b", true);
        server.encodeBinary(ByteBuffer.allocate(1), false);
        assertThrows(IllegalStateException.class, () -> server.encodeText("c", true));
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: nothing may be written after our close frame")
    void refusesFramesAfterClose() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        server.encodeClose(1000, null);
        assertThrows(IllegalStateException.class, () -> server.encodeText("a", true));
        assertThrows(IllegalStateException.class, () -> server.encodeBinary(ByteBuffer.allocate(1), true));
        assertThrows(IllegalStateException.class, () -> server.encodePing(ByteBuffer.allocate(1)));
    }

    @Test
    @DisplayName("RFC 6455 §5.5: control payloads over 125 bytes are refused")
    void refusesLongControlPayloads() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        assertThrows(IllegalArgumentException.class, () -> server.encodePing(ByteBuffer.allocate(126)));
        assertThrows(IllegalArgumentException.class, () -> server.encodePong(ByteBuffer.allocate(126)));
        assertEquals(127, Wire.concat(server.encodePong(ByteBuffer.allocate(125))).length);
    }

    @Test
    @DisplayName("RFC 6455 §5.1: a server never masks and does not copy binary payloads")
    void serverSendsViewOfPayloadUnmasked() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        ByteBuffer data = ByteBuffer.allocateDirect(300).position(10);
        ByteBuffer[] frame = server.encodeBinary(data, true);
        assertEquals(0, frame[0].get(1) & 0x80, "MASK bit clear");
        data.put(20, (byte) 42);
        assertEquals(42, frame[1].get(10), "a view, not a copy");
        assertEquals(10, data.position(), "the caller's position is unchanged");
    }

    @Test
    @DisplayName("RFC 6455 §5.3, §10.3: a client masks a copy with a fresh key per frame")
    void clientMasksCopyWithFreshKeys() {
        Engine client = Wire.engine(Role.CLIENT, new Recorder());
        byte[] plain = new byte[64];
        Set<Integer> keys = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ByteBuffer[] frame = client.encodeBinary(ByteBuffer.wrap(plain), true);
            assertEquals(0x80 | 64, frame[0].get(1) & 0xFF, "MASK bit set");
            int key = frame[0].getInt(2);
            keys.add(key);
            byte[] expected = Wire.frame(0x82, plain, true, key);
            assertArrayEquals(expected, Wire.concat(frame));
        }
        assertArrayEquals(new byte[64], plain, "the caller's bytes are not masked in place");
        assertEquals(50, keys.size(), "keys are not reused");
        // Two engines are seeded independently from SecureRandom (equal first keys: a 2^-32 chance).
        int a = Wire.engine(Role.CLIENT, new Recorder()).encodeText("x", true)[0].getInt(2);
        int b = Wire.engine(Role.CLIENT, new Recorder()).encodeText("x", true)[0].getInt(2);
        assertNotEquals(a, b, "keys differ between engines");
    }

    @Test
    @DisplayName("a surrogate pair split between two text fragments is encoded as one code point")
    void keepsSurrogatePairAcrossFragments() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        String clef = "𝄞";
        byte[] first = Wire.concat(server.encodeText("a" + clef.charAt(0), false));
        byte[] second = Wire.concat(server.encodeText(clef.substring(1), true));
        assertArrayEquals(hex("01 01 61"), first);
        assertArrayEquals(Wire.concat(hex("80 04"), Wire.utf8(clef)), second);
    }

    @Test
    @DisplayName("RFC 6455 §5.2, §5.6: small text is framed as its UTF-8 bytes, ASCII or not, either length form, masked by a client")
    void smallTextFramesHoldItsUtf8() {
        for (Role role : Role.values()) {
            Engine engine = Wire.engine(role, new Recorder());
            for (int length : new int[] {0, 1, 125, 126, 1023, 1024, 1025}) {
                for (char c : new char[] {'a', '\u007f', '\u00e9', '\u0141'}) {
                    // the odd char last, so that an all-ASCII prefix does not hide it
                    String text = "x".repeat(Math.max(0, length - 1)) + (length == 0 ? "" : String.valueOf(c));
                    ByteBuffer[] frame = engine.encodeText(text, true);
                    byte[] utf8 = Wire.utf8(text);
                    byte[] wire = Wire.concat(frame);
                    int key = role == Role.CLIENT ? ByteBuffer.wrap(wire).getInt(utf8.length < 126 ? 2 : 4) : 0;
                    assertArrayEquals(Wire.frame(0x81, utf8, role == Role.CLIENT, key), wire,
                            role + ", " + length + " chars ending in U+" + Integer.toHexString(c));
                }
            }
        }
    }
}
