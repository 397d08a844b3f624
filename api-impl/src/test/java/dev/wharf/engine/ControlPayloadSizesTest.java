package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The control frame buffer is sized to each frame: payloads of any order of sizes arrive whole and unmixed. */
class ControlPayloadSizesTest {

    @Test
    @DisplayName("pings and pongs of 0 to 125 bytes in any order, fed byte by byte, arrive with exactly their payloads")
    void controlPayloadsOfGrowingAndShrinkingSizes() {
        Random random = new Random(125);
        Recorder recorder = new Recorder();
        Engine server = Wire.engine(Role.SERVER, recorder);
        List<String> expected = new ArrayList<>();
        int[] sizes = {0, 2, 125, 1, 60, 125, 0, 124, 3};
        for (int i = 0; i < sizes.length + 40; i++) {
            int size = i < sizes.length ? sizes[i] : random.nextInt(126);
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            boolean ping = i % 2 == 0;
            Wire.feedBytewise(server, Wire.clientFrame(0x80 | (ping ? Opcode.PING : Opcode.PONG), payload));
            expected.add((ping ? "ping:" : "pong:") + Recorder.hex(java.nio.ByteBuffer.wrap(payload)));
        }
        Wire.feed(server, Wire.clientFrame(0x80 | Opcode.CLOSE, Wire.concat(new byte[] {0x03, (byte) 0xE8},
                Wire.utf8("after a 125-byte ping"))));
        expected.add("close:1000:after a 125-byte ping");
        assertEquals(expected, recorder.events);
    }
}
