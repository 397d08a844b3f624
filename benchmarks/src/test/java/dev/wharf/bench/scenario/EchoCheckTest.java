package dev.wharf.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The echo scenarios' check of a returned message: one flipped bit anywhere fails it. */
class EchoCheckTest {

    private static byte[] message(int size, long seq) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Scenario.putHex(seq, bytes, 0);
        return bytes;
    }

    @Test
    void aSingleFlippedBitAnywhereInASmallMessageFailsTheCheck() {
        int size = 64;
        byte[] sent = message(size, 41);
        assertTrue(EchoScenario.echoes(sent, size, 41, sent.clone(), size));
        for (int i = 0; i < size; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] echoed = sent.clone();
                echoed[i] ^= (byte) (1 << bit);
                assertFalse(EchoScenario.echoes(sent, size, 41, echoed, size), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void aFlippedByteAtTheStartsEndsAndReadBoundariesOfALargeMessageFailsTheCheck() {
        int size = 1 << 20;
        byte[] sent = message(size, 7);
        assertTrue(EchoScenario.echoes(sent, size, 7, sent.clone(), size));
        int read = 64 * 1024; // where a server's writes (and so the client's reads) often split a message
        int[] places = {0, 15, 16, 17, read - 1, read, read + 1, 4 * read, size / 2 + 3, size - 9, size - 8,
            size - 2, size - 1};
        for (int i : places) {
            byte[] echoed = sent.clone();
            echoed[i] ^= 0x20;
            assertFalse(EchoScenario.echoes(sent, size, 7, echoed, size), "byte " + i);
        }
    }

    @Test
    void anotherSequenceNumberOrLengthFailsTheCheck() {
        byte[] sent = message(100, 5);
        assertFalse(EchoScenario.echoes(sent, 100, 6, sent.clone(), 100));
        assertFalse(EchoScenario.echoes(sent, 100, 5, sent.clone(), 99));
    }
}
