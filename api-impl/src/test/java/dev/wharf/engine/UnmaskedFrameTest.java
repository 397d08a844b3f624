package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnmaskedFrameTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 70000})
    @DisplayName("[RFC 6455 §5.2] one FIN frame, unmasked, shortest length form; the parser reads back the payload")
    void framesWholeMessagesOnce(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        ByteBuffer frame = UnmaskedFrame.of(false, payload);
        assertTrue(frame.isReadOnly(), "shared between queues: nobody may change it");
        assertEquals((byte) 0x82, frame.get(0), "FIN, binary");
        int headerSize = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        assertEquals(headerSize + length, frame.remaining());
        assertEquals(length < 126 ? length : length <= 0xFFFF ? 126 : 127, frame.get(1) & 0xFF, "no mask bit");
        long announced = length < 126 ? length : length <= 0xFFFF ? frame.getShort(2) & 0xFFFF : frame.getLong(2);
        assertEquals(length, announced);
        assertEquals(ByteBuffer.wrap(payload), frame.duplicate().position(headerSize));
        assertEquals((byte) 0x81, UnmaskedFrame.of(true, payload).get(0), "FIN, text");
    }
}
