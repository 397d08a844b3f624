package dev.wharf.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The echo scenario's checks of a returned message: a large one fed piece by piece as a connection reads it (from a
 * direct read buffer, at an index inside it), a small one assembled. One flipped bit anywhere, another sequence number
 * or another length fails them, wherever the pieces split the message.
 */
class EchoCheckTest {

    private static byte[] message(int size, long seq) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Scenario.putHex(seq, bytes, 0);
        return bytes;
    }

    /** Feeds {@code echoed} to a fresh check of {@code sent} in pieces of at most {@code piece} bytes. */
    private static boolean echoes(byte[] sent, long seq, byte[] echoed, int piece) {
        EchoCheck check = new EchoCheck(sent, sent.length);
        check.begin(seq);
        ByteBuffer read = ByteBuffer.allocateDirect(piece + 7);
        for (int at = 0; at < echoed.length; at += piece) {
            int n = Math.min(piece, echoed.length - at);
            read.clear();
            read.put(3, echoed, at, n);
            int position = read.position();
            check.take(read, 3, n);
            assertEquals(position, read.position(), "the read buffer's position moved");
        }
        return check.matches();
    }

    /** As {@link #echoes(byte[], long, byte[], int)} in every piece size of {@code pieces}; all must agree. */
    private static boolean echoesInPieces(byte[] sent, long seq, byte[] echoed, int... pieces) {
        boolean first = echoes(sent, seq, echoed, pieces[0]);
        for (int piece : pieces) {
            assertEquals(first, echoes(sent, seq, echoed, piece), "pieces of " + piece);
        }
        return first;
    }

    @Test
    void aSingleFlippedBitAnywhereInASmallMessageFailsTheCheckWhereverItIsSplit() {
        int size = 64;
        byte[] sent = message(size, 41);
        assertTrue(echoesInPieces(sent, 41, sent.clone(), 1, 3, 15, 16, 17, 64));
        for (int i = 0; i < size; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] echoed = sent.clone();
                echoed[i] ^= (byte) (1 << bit);
                assertFalse(echoesInPieces(sent, 41, echoed, 1, 3, 15, 16, 17, 64), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void aFlippedByteAtTheStartsEndsAndReadBoundariesOfALargeMessageFailsTheCheck() {
        int size = 1 << 20;
        byte[] sent = message(size, 7);
        int read = 64 * 1024; // where a server's writes (and so the client's reads) often split a message
        assertTrue(echoesInPieces(sent, 7, sent.clone(), read, read - 1, size));
        int[] places = {0, 15, 16, 17, read - 1, read, read + 1, 4 * read, size / 2 + 3, size - 9, size - 8,
            size - 2, size - 1};
        for (int i : places) {
            byte[] echoed = sent.clone();
            echoed[i] ^= 0x20;
            assertFalse(echoesInPieces(sent, 7, echoed, read, read - 1, size), "byte " + i);
        }
    }

    @Test
    void anotherSequenceNumberOrLengthFailsTheCheck() {
        byte[] sent = message(100, 5);
        assertFalse(echoesInPieces(sent, 6, sent.clone(), 7, 100));
        byte[] shorter = java.util.Arrays.copyOf(sent, 99);
        assertFalse(echoesInPieces(sent, 5, shorter, 7, 99));
        byte[] longer = java.util.Arrays.copyOf(sent, 101);
        longer[100] = sent[99];
        assertFalse(echoesInPieces(sent, 5, longer, 7, 100, 101));
    }

    @Test
    void theSequenceNumberIsCheckedAgainstTheExpectedOneNotThePayloadsLaterOne() {
        byte[] sent = message(100, 9); // with messages in flight, the payload already holds the next number
        byte[] echoed = sent.clone();
        Scenario.putHex(8, echoed, 0);
        assertTrue(echoesInPieces(sent, 8, echoed, 5, 100));
        assertFalse(echoesInPieces(sent, 9, echoed, 5, 100));
    }

    @Test
    void aCheckIsReusedFromEchoToEcho() {
        byte[] sent = message(64, 1);
        EchoCheck check = new EchoCheck(sent, 64);
        ByteBuffer read = ByteBuffer.allocateDirect(64);
        byte[] wrong = sent.clone();
        wrong[40] ^= 1;
        read.put(0, wrong);
        check.begin(1);
        check.take(read, 0, 64);
        assertFalse(check.matches());
        read.put(0, sent);
        check.begin(1);
        check.take(read, 0, 64);
        assertTrue(check.matches());
    }

    @Test
    void anAssembledSmallEchoWithASingleFlippedBitAnywhereFailsTheCheck() {
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
    void anAssembledEchoWithAnotherSequenceNumberOrLengthFailsTheCheck() {
        byte[] sent = message(100, 5);
        assertFalse(EchoScenario.echoes(sent, 100, 6, sent.clone(), 100));
        assertFalse(EchoScenario.echoes(sent, 100, 5, sent.clone(), 99));
    }
}
