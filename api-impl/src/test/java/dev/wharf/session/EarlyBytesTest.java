package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EarlyBytesTest {

    @Test
    @DisplayName("the first bytes kept take a buffer of their own size (a close frame does not take 1 KiB)")
    void firstBufferIsTheSizeOfTheFirstBytes() {
        ByteBuffer kept = EarlyBytes.append(null, ByteBuffer.wrap(new byte[8]));
        assertEquals(8, kept.capacity());
        assertEquals(8, kept.position());
    }

    @Test
    @DisplayName("chunks of any size, empty ones too, come out in order and whole as the buffer grows")
    void keepsEveryByteInOrderWhileGrowing() {
        Random random = new Random(3);
        for (int run = 0; run < 200; run++) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            ByteBuffer kept = null;
            int chunks = 1 + random.nextInt(20);
            for (int c = 0; c < chunks; c++) {
                byte[] chunk = new byte[random.nextInt(c == 0 ? 3 : 3000)];
                random.nextBytes(chunk);
                expected.writeBytes(chunk);
                kept = EarlyBytes.append(kept, ByteBuffer.wrap(chunk));
            }
            byte[] actual = new byte[kept.flip().remaining()];
            kept.get(actual);
            assertArrayEquals(expected.toByteArray(), actual);
        }
    }
}
