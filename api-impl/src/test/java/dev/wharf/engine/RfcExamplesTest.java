package dev.wharf.engine;

import static dev.wharf.engine.Wire.concat;
import static dev.wharf.engine.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every example of RFC 6455 §5.7, byte for byte, read and (where the role allows) written. */
class RfcExamplesTest {

    private static final byte[] UNMASKED_HELLO = hex("81 05 48 65 6c 6c 6f");
    private static final byte[] MASKED_HELLO = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    private static final byte[] HEL = hex("01 03 48 65 6c");
    private static final byte[] LO = hex("80 02 6c 6f");
    private static final byte[] UNMASKED_PING = hex("89 05 48 65 6c 6c 6f");
    private static final byte[] MASKED_PONG = hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");

    @Test
    @DisplayName("RFC 6455 §5.7: a client reads the single-frame unmasked \"Hello\", whole and byte by byte")
    void clientReadsUnmaskedHello() {
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.CLIENT, r), UNMASKED_HELLO);
        Recorder bytewise = new Recorder();
        Wire.feedBytewise(Wire.engine(Role.CLIENT, bytewise), UNMASKED_HELLO);
        assertEquals(List.of("text:Hello:true"), r.events);
        assertEquals(List.of("text:Hello:true"), bytewise.events);
    }

    @Test
    @DisplayName("RFC 6455 §5.7: a server writes \"Hello\" as 81 05 48 65 6c 6c 6f")
    void serverWritesUnmaskedHello() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        assertArrayEquals(UNMASKED_HELLO, concat(server.encodeText("Hello", true)));
        assertArrayEquals(withOpcode(UNMASKED_HELLO, 0x82),
                concat(server.encodeBinary(ByteBuffer.wrap(Wire.utf8("Hello")), true)));
    }

    @Test
    @DisplayName("RFC 6455 §5.7: a server reads the masked \"Hello\", whole and byte by byte")
    void serverReadsMaskedHello() {
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.SERVER, r), MASKED_HELLO);
        Recorder bytewise = new Recorder();
        Wire.feedBytewise(Wire.engine(Role.SERVER, bytewise), MASKED_HELLO);
        assertEquals(List.of("text:Hello:true"), r.events);
        assertEquals(List.of("text:Hello:true"), bytewise.events);
    }

    @Test
    @DisplayName("RFC 6455 §5.7, §5.3: a client's masked \"Hello\" unmasks with its key to the example's payload")
    void clientWritesMaskedHello() {
        Engine client = Wire.engine(Role.CLIENT, new Recorder());
        byte[] frame = concat(client.encodeText("Hello", true));
        assertEquals(11, frame.length);
        assertEquals((byte) 0x81, frame[0]);
        assertEquals((byte) 0x85, frame[1]);
        // Re-masking the example's plain payload with our frame's key must give our masked bytes; and unmasking
        // the example's masked bytes with the example's key must give "Hello".
        byte[] key = Arrays.copyOfRange(frame, 2, 6);
        byte[] example = Wire.frame(0x81, Wire.utf8("Hello"), true, ByteBuffer.wrap(key).getInt());
        assertArrayEquals(example, frame);
        assertArrayEquals(MASKED_HELLO, Wire.frame(0x81, Wire.utf8("Hello"), true, 0x37fa213d));
    }

    @Test
    @DisplayName("RFC 6455 §5.7: a client reads the fragmented \"Hel\" + \"lo\" as one message, or as two parts")
    void clientReadsFragmentedHello() {
        Recorder whole = new Recorder();
        Engine e = Wire.engine(Role.CLIENT, whole);
        Wire.feed(e, concat(HEL, LO));
        assertEquals(List.of("text:Hello:true"), whole.events);

        Recorder parts = new Recorder();
        Engine p = Wire.engine(Role.CLIENT, parts);
        p.setPartialText(true);
        Wire.feedBytewise(p, concat(HEL, LO));
        assertEquals("Hello", parts.messages.get(0));
        assertEquals("text:o:true", parts.last());
    }

    @Test
    @DisplayName("RFC 6455 §5.7, §5.4: a server writes \"Hel\" + \"lo\" as 01 03 48 65 6c / 80 02 6c 6f")
    void serverWritesFragmentedHello() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        assertArrayEquals(HEL, concat(server.encodeText("Hel", false)));
        assertArrayEquals(LO, concat(server.encodeText("lo", true)));
    }

    @Test
    @DisplayName("RFC 6455 §5.7, §5.5.2: a client answers the unmasked ping with a masked pong of the same body")
    void clientAnswersPingWithMaskedPong() {
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.CLIENT, r), UNMASKED_PING);
        assertEquals(List.of("ping:48656c6c6f"), r.events);
        byte[] pong = r.controlFrames.get(0);
        int key = ByteBuffer.wrap(pong, 2, 4).getInt();
        assertArrayEquals(Wire.frame(0x8a, Wire.utf8("Hello"), true, key), pong);
    }

    @Test
    @DisplayName("RFC 6455 §5.7: a server reads the masked pong; a server writes the unmasked ping")
    void serverReadsMaskedPongAndWritesPing() {
        Recorder r = new Recorder();
        Engine server = Wire.engine(Role.SERVER, r);
        Wire.feedBytewise(server, MASKED_PONG);
        assertEquals(List.of("pong:48656c6c6f"), r.events);
        assertArrayEquals(UNMASKED_PING, concat(server.encodePing(ByteBuffer.wrap(Wire.utf8("Hello")))));
    }

    @Test
    @DisplayName("RFC 6455 §5.7: 256-byte binary message uses 82 7E 0100")
    void binary256() {
        byte[] data = pattern(256);
        byte[] wire = concat(hex("82 7e 01 00"), data);
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        assertArrayEquals(wire, concat(server.encodeBinary(ByteBuffer.wrap(data), true)));
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.CLIENT, r), wire);
        assertArrayEquals(data, (byte[]) r.messages.get(0));
    }

    @Test
    @DisplayName("RFC 6455 §5.7: 64 KiB binary message uses 82 7F 0000000000010000")
    void binary64KiB() {
        byte[] data = pattern(65536);
        byte[] wire = concat(hex("82 7f 00 00 00 00 00 01 00 00"), data);
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        ByteBuffer[] out = server.encodeBinary(ByteBuffer.wrap(data), true);
        assertArrayEquals(wire, concat(out));
        assertEquals(data, out[1].array(), "a server sends a view of the caller's payload, not a copy");
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.CLIENT, r), wire);
        assertArrayEquals(data, (byte[]) r.messages.get(0));
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] withOpcode(byte[] frame, int firstByte) {
        byte[] copy = frame.clone();
        copy[0] = (byte) firstByte;
        return copy;
    }
}
