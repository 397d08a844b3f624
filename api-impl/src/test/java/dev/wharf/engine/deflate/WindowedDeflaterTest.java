package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our compressor against java.util.zip's inflater and an independent block reader that checks the window. */
class WindowedDeflaterTest {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    @ParameterizedTest(name = "window bits {0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14, 15})
    @DisplayName("RFC 7692 §7.1.2: no match reaches further back than 2^window bits, across messages and blocks")
    void staysWithinTheWindow(int windowBits) throws DataFormatException {
        Random random = new Random(windowBits);
        int window = 1 << windowBits;
        for (int memLevel : new int[] {1, 8}) {
            for (int level : new int[] {0, 1, 6, 9}) {
                WindowedDeflater deflater = new WindowedDeflater(windowBits, memLevel);
                History history = new History(window);
                Inflater continuous = new Inflater(true);
                for (int m = 0; m < 5; m++) {
                    byte[] plain = sample(random, random.nextInt(4) == 0 ? 40_000 : random.nextInt(3000));
                    byte[] priorHistory = Arrays.copyOf(history.bytes(), history.length());
                    deflater.start(history, level);
                    BitWriter out = new BitWriter(16);
                    // In one to three frames, each sync-flushed, as MessageCompressor sends them.
                    int cut1 = random.nextInt(plain.length + 1);
                    int cut2 = cut1 + random.nextInt(plain.length - cut1 + 1);
                    deflater.compress(ByteBuffer.wrap(plain, 0, cut1), out);
                    deflater.compress(ByteBuffer.wrap(plain, cut1, cut2 - cut1), out);
                    deflater.compress(ByteBuffer.wrap(plain, cut2, plain.length - cut2), out);
                    deflater.saveHistory(history);
                    byte[] compressed = out.toByteArray();
                    assertArrayEquals(TAIL, Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length),
                            "every frame ends with a sync flush");

                    BlockReader reader = new BlockReader(priorHistory, compressed);
                    String where = "bits " + windowBits + " memLevel " + memLevel + " level " + level + " msg " + m;
                    assertArrayEquals(plain, reader.read(), where);
                    assertTrue(reader.farthestDistance <= window, where + ": distance " + reader.farthestDistance);
                    assertArrayEquals(plain, inflate(continuous, compressed), where + ": one inflater throughout");
                    assertTrue(compressed.length <= plain.length + 5 * (plain.length / 128 + 4) + 8,
                            where + ": a block that would grow is stored");
                }
                continuous.end();
            }
        }
    }

    @ParameterizedTest(name = "memory level {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 8, 9})
    @DisplayName("RFC 7692 §7.1.2: a 256-byte window (8 bits) is shorter than a match; a block ending in a 257- or"
            + " 258-byte match is followed by the next block (found by DeflateFuzzTest)")
    void blockEndingInAMatchLongerThanTheWindow(int memLevel) throws DataFormatException {
        // The last match of a block ends the block without the positions it covers entering the hash chains; the
        // next block slides the buffer to keep 256 bytes, which can leave positions not entered behind it.
        int blockSize = 1 << (memLevel + 6);
        Random random = new Random(memLevel);
        for (int matchLength : new int[] {257, 258}) {
            for (int level : new int[] {1, 6, 9}) {
                byte[] plain = new byte[3 * blockSize];
                random.nextBytes(plain);
                // One literal 'a', then a run of 'a' that the literal's match covers up to the block's end.
                Arrays.fill(plain, blockSize - matchLength - 1, blockSize, (byte) 'a');
                WindowedDeflater deflater = new WindowedDeflater(8, memLevel);
                deflater.start(null, level);
                BitWriter out = new BitWriter(16);
                deflater.compress(ByteBuffer.wrap(plain), out);
                byte[] compressed = out.toByteArray();
                String where = "memLevel " + memLevel + " level " + level + " match " + matchLength;
                BlockReader reader = new BlockReader(new byte[0], compressed);
                assertArrayEquals(plain, reader.read(), where);
                assertTrue(reader.farthestDistance <= 256, where + ": distance " + reader.farthestDistance);
                Inflater inflater = new Inflater(true);
                assertArrayEquals(plain, inflate(inflater, compressed), where);
                inflater.end();
            }
        }
    }

    @Test
    @DisplayName("repetitive text compresses; smaller windows cost ratio only where repeats are far apart")
    void compressesText() {
        byte[] json = ("{\"type\":\"price\",\"symbol\":\"ACME\",\"bid\":101.25,\"ask\":101.27,\"venue\":\"XNAS\"}")
                .getBytes(StandardCharsets.US_ASCII);
        WindowedDeflater deflater = new WindowedDeflater(9, 8);
        History history = new History(512);
        deflater.start(history, 6);
        BitWriter out = new BitWriter(16);
        deflater.compress(ByteBuffer.wrap(json), out);
        deflater.saveHistory(history);
        int first = out.toByteArray().length;
        deflater.start(history, 6);
        out = new BitWriter(16);
        deflater.compress(ByteBuffer.wrap(json), out);
        int second = out.toByteArray().length;
        assertTrue(first < json.length, "first message shrinks: " + first + " of " + json.length);
        assertTrue(second <= 10, "the same message again is one match, a few bytes: " + second);
    }

    @Test
    @DisplayName("connections sharing pooled compressors in any order get streams their peers decode")
    void sharedCompressorsResumeOnlyTheirOwnHistory() throws DataFormatException {
        Random random = new Random(3);
        WindowedDeflater[] pool = {new WindowedDeflater(10, 8), new WindowedDeflater(10, 8)};
        History[] histories = {new History(1024), new History(1024), new History(1024)};
        Inflater[] peers = {new Inflater(true), new Inflater(true), new Inflater(true)};
        for (int m = 0; m < 300; m++) {
            int c = random.nextInt(3);
            WindowedDeflater d = pool[random.nextInt(2)];
            byte[] plain = sample(random, random.nextInt(600));
            d.start(histories[c], 6);
            BitWriter out = new BitWriter(16);
            d.compress(ByteBuffer.wrap(plain), out);
            d.saveHistory(histories[c]);
            assertArrayEquals(plain, inflate(peers[c], out.toByteArray()), "message " + m + " of connection " + c);
        }
    }

    @Test
    @DisplayName("an empty message is the empty stored block only: 00 after the tail is removed (RFC 7692 §7.2.3.6)")
    void emptyMessage() {
        WindowedDeflater deflater = new WindowedDeflater(15, 8);
        deflater.start(null, 6);
        BitWriter out = new BitWriter(16);
        deflater.compress(ByteBuffer.allocate(0), out);
        assertEquals("00 00 00 ff ff", Peer.hex(out.toByteArray()));
    }

    private static byte[] sample(Random random, int size) {
        byte[] b = new byte[size];
        String words = "alpha beta gamma delta epsilon zeta eta theta {\"id\":12,\"ok\":true} ";
        int mode = random.nextInt(3);
        for (int i = 0; i < size; i++) {
            b[i] = switch (mode) {
                case 0 -> (byte) words.charAt(random.nextInt(8) == 0 ? random.nextInt(words.length()) : i % words.length());
                case 1 -> (byte) random.nextInt(256);
                default -> (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + (i / 50) % 26);
            };
        }
        return b;
    }

    private static byte[] inflate(Inflater inflater, byte[] data) throws DataFormatException {
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = inflater.inflate(buffer)) > 0 || !inflater.needsInput()) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
