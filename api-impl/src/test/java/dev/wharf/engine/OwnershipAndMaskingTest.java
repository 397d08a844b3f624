package dev.wharf.engine;

import static dev.wharf.engine.Wire.serverFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listener data ownership, and the word-at-a-time masking against a byte-by-byte reference. */
class OwnershipAndMaskingTest {

    @Test
    @DisplayName("data handed to the listener is a copy: changing the input buffer afterwards does not change it")
    void listenerDataIsNotAViewOfInput() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        byte[] input = Wire.concat(serverFrame(0x82, new byte[] {1, 2, 3}), serverFrame(0x82, new byte[] {4, 5}),
                serverFrame(0x89, new byte[] {9}));
        client.receive(ByteBuffer.wrap(input));
        Arrays.fill(input, (byte) 0x77);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.messages.get(0));
        assertEquals(3, r.handedOver.get(0).get(2));
        assertNotSame(r.handedOver.get(0).array(), r.handedOver.get(1).array(), "buffers are never reused");
        assertEquals(1, r.handedOver.get(0).get(0));
    }

    @Test
    @DisplayName("RFC 6455 §5.3: long-wise unmasking equals byte-wise XOR for every phase, length and buffer kind")
    void maskingMatchesReference() {
        long seed = 6455;
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            int length = random.nextInt(40);
            int key = random.nextInt();
            int phase = random.nextInt(4);
            int srcOffset = random.nextInt(5);
            byte[] data = new byte[srcOffset + length];
            random.nextBytes(data);
            ByteBuffer src = random.nextBoolean() ? ByteBuffer.wrap(data)
                    : ByteBuffer.allocateDirect(data.length).put(data).flip().order(ByteOrder.LITTLE_ENDIAN);
            byte[] out = new byte[length + 3];
            Masking.copy(src, srcOffset, out, 3, length, key, phase);
            for (int i = 0; i < length; i++) {
                int keyByte = (key >>> (24 - 8 * ((i + phase) % 4))) & 0xFF;
                assertEquals((byte) (data[srcOffset + i] ^ keyByte), out[3 + i], "seed " + seed + " round " + round);
            }
            byte[] inPlace = Arrays.copyOfRange(data, srcOffset, srcOffset + length);
            Masking.maskInPlace(inPlace, 0, length, key);
            for (int i = 0; i < length; i++) {
                int keyByte = (key >>> (24 - 8 * (i % 4))) & 0xFF;
                assertEquals((byte) (data[srcOffset + i] ^ keyByte), inPlace[i], "seed " + seed + " round " + round);
            }
        }
    }

    @Test
    @DisplayName("RFC 6455 §5.3: every source kind, phase 0-3, length 0..64 and offset 0..7 unmasks byte-wise exactly")
    void maskingMatchesReferenceExhaustively() {
        Random random = new Random(55);
        int key = 0x9A3C_5E71;
        for (String kind : new String[] {"heap", "heap slice", "read-only heap", "direct", "direct big-endian"}) {
            for (int length = 0; length <= 64; length++) {
                for (int phase = 0; phase < 4; phase++) {
                    for (int offset = 0; offset < 8; offset++) {
                        byte[] data = new byte[offset + length + 5];
                        random.nextBytes(data);
                        ByteBuffer src = source(kind, data);
                        byte[] out = new byte[offset + length + 8];
                        Arrays.fill(out, (byte) 0x5A);
                        Masking.copy(src, offset, out, offset, length, key, phase);
                        String where = kind + ", length " + length + ", phase " + phase + ", offset " + offset;
                        for (int i = 0; i < out.length; i++) {
                            int keyByte = (key >>> (24 - 8 * ((i - offset + phase) % 4))) & 0xFF;
                            byte expected = i < offset || i >= offset + length ? 0x5A
                                    : (byte) (data[i] ^ keyByte);
                            assertEquals(expected, out[i], where + ", index " + i);
                        }
                        assertEquals(0, src.position(), where + ": the source's position does not move");
                    }
                }
            }
        }
    }

    /** {@code data} as a buffer of {@code kind}, position 0, index {@code i} holding {@code data[i]}. */
    private static ByteBuffer source(String kind, byte[] data) {
        return switch (kind) {
            case "heap" -> ByteBuffer.wrap(data);
            case "heap slice" -> {
                byte[] wider = new byte[data.length + 3];
                System.arraycopy(data, 0, wider, 3, data.length);
                yield ByteBuffer.wrap(wider, 3, data.length).slice();
            }
            case "read-only heap" -> ByteBuffer.wrap(data).asReadOnlyBuffer();
            case "direct" -> ByteBuffer.allocateDirect(data.length).order(ByteOrder.nativeOrder()).put(data).flip();
            default -> ByteBuffer.allocateDirect(data.length).order(ByteOrder.BIG_ENDIAN).put(data).flip();
        };
    }
}
