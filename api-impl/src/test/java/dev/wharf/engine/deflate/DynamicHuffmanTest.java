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
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dynamic Huffman blocks (RFC 1951 §3.2.7) in our compressor: valid codes whatever the counts, streams that
 * {@code java.util.zip.Inflater} and an independent reader decode, and a compression ratio close to zlib's where
 * fixed codes alone fell behind (a message compressed without history).
 */
class DynamicHuffmanTest {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be"
            + " this have from or one had by word but not what all were we when your can said there use an each which")
            .split(" ");

    @Test
    @DisplayName("RFC 1951 §3.2.7: code lengths stay within 15 (7 for the code-length code) and fill the code space")
    void codesAreCompleteAndWithinTheLimit() {
        HuffmanCode builder = new HuffmanCode();
        Random random = new Random(7);
        int[][] shapes = new int[6][];
        shapes[0] = fibonacci(286); // a Huffman tree as deep as the symbols: the limit must bite
        shapes[1] = fibonacci(19);
        shapes[2] = new int[286];
        shapes[2][65] = 5; // one symbol: a second one gets a code too
        shapes[3] = new int[30]; // none at all (a block of literals has no distances)
        shapes[4] = new int[286];
        Arrays.fill(shapes[4], 1);
        shapes[5] = new int[286];
        for (int i = 0; i < 286; i++) {
            shapes[5][i] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1 << random.nextInt(15));
        }
        for (int[] counts : shapes) {
            for (int limit : counts.length <= 128 ? new int[] {7, 15} : new int[] {9, 15}) {
                int[] lengths = new int[counts.length];
                builder.lengths(counts, counts.length, limit, lengths);
                long kraft = 0;
                int coded = 0;
                for (int s = 0; s < counts.length; s++) {
                    assertTrue(lengths[s] <= limit, "length " + lengths[s] + " above " + limit);
                    assertTrue(counts[s] == 0 || lengths[s] > 0, "every symbol that occurs has a code");
                    if (lengths[s] > 0) {
                        kraft += 1L << (15 - lengths[s]);
                        coded++;
                    }
                }
                assertTrue(coded >= 2, "at least two codes");
                assertEquals(1L << 15, kraft, "complete: " + Arrays.toString(lengths));
            }
        }
    }

    @Test
    @DisplayName("a Huffman code is optimal where no limit bites: equal counts of 2^k symbols get k bits each")
    void balancedCountsGiveEqualLengths() {
        int[] counts = new int[286];
        Arrays.fill(counts, 0, 256, 10);
        int[] lengths = new int[286];
        new HuffmanCode().lengths(counts, 286, 15, lengths);
        for (int s = 0; s < 256; s++) {
            assertEquals(8, lengths[s]);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {300, 1536, 16_384})
    @DisplayName("a message compressed on its own (no history, 15 bits, level 6) is within 4 % of zlib's size")
    void closeToZlibOnAMessageOfItsOwn(int size) throws DataFormatException {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] plain = seed % 2 == 0 ? chat(seed, size) : records(seed, size);
            byte[] ours = compress(new WindowedDeflater(15, 8), null, plain, 6);
            byte[] zlib = zlib(plain, 6);
            assertArrayEquals(plain, inflate(new Inflater(true), ours));
            assertTrue(ours.length <= zlib.length * 1.04 + 2,
                    "seed " + seed + ": ours " + ours.length + " bytes, zlib " + zlib.length + " of " + plain.length);
        }
    }

    @Test
    @DisplayName("a 300-byte chat message goes out in a dynamic block: smaller than fixed codes, as sized exactly")
    void firstChatMessageUsesDynamicCodes() {
        for (long seed = 1; seed <= 50; seed++) {
            byte[] plain = chat(seed, 300);
            byte[] stream = compress(new WindowedDeflater(12, 4), null, plain, 6);
            BlockReader reader = new BlockReader(new byte[0], stream);
            assertArrayEquals(plain, reader.read());
            assertEquals(1, reader.dynamicBlocks, "seed " + seed);
        }
    }

    @Test
    @DisplayName("the sizes blocks are chosen by are the sizes written, for fixed and dynamic codes")
    void plannedSizeIsWrittenSize() {
        Random random = new Random(5);
        DynamicHuffman dynamic = new DynamicHuffman();
        for (int i = 0; i < 500; i++) {
            int count = 1 + random.nextInt(random.nextBoolean() ? 20 : 2000);
            int[] tokens = new int[count];
            int[] literalLengthCounts = new int[MatchSymbols.LITERAL_LENGTH_SYMBOLS];
            int[] distanceCounts = new int[MatchSymbols.DISTANCE_SYMBOLS];
            literalLengthCounts[MatchSymbols.END_OF_BLOCK] = 1;
            int literals = 1 + random.nextInt(256);
            for (int t = 0; t < count; t++) {
                if (random.nextInt(3) > 0) {
                    int b = random.nextInt(literals);
                    tokens[t] = b;
                    literalLengthCounts[b]++;
                } else {
                    int length = 3 + random.nextInt(random.nextBoolean() ? 8 : 256);
                    int distance = 1 + random.nextInt(1 << (1 + random.nextInt(15)));
                    tokens[t] = distance << 8 | (length - 3);
                    literalLengthCounts[MatchSymbols.lengthSymbol(length)]++;
                    distanceCounts[MatchSymbols.distanceSymbol(distance)]++;
                }
            }
            BitWriter out = new BitWriter(16);
            long planned = dynamic.plan(literalLengthCounts, distanceCounts);
            dynamic.write(out, tokens, count);
            assertEquals(planned, out.bitLength(), "dynamic, case " + i);
            out = new BitWriter(16);
            FixedHuffman.writeBlock(out, tokens, count);
            assertEquals(FixedHuffman.blockBits(literalLengthCounts, distanceCounts), out.bitLength(), "fixed, case " + i);
        }
    }

    @Test
    @DisplayName("fuzzed data of every shape decodes with java.util.zip and the independent reader, all block types")
    void roundTripsRandomShapes() throws DataFormatException {
        Random random = new Random(11);
        int dynamic = 0;
        int fixed = 0;
        int stored = 0;
        for (int i = 0; i < 300; i++) {
            int size = random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(600);
            byte[] plain = new byte[size];
            int alphabet = 1 + random.nextInt(random.nextBoolean() ? 4 : 256);
            int runs = random.nextInt(3);
            for (int j = 0; j < size; j++) {
                plain[j] = runs == 0 || random.nextInt(8) > 0 ? (byte) random.nextInt(alphabet) : plain[Math.max(0, j - 1)];
            }
            int windowBits = 8 + random.nextInt(8);
            int memLevel = 1 + random.nextInt(9);
            int level = random.nextInt(10);
            byte[] stream = compress(new WindowedDeflater(windowBits, memLevel), null, plain, level);
            assertArrayEquals(plain, inflate(new Inflater(true), stream), "case " + i);
            BlockReader reader = new BlockReader(new byte[0], stream);
            assertArrayEquals(plain, reader.read(), "case " + i);
            assertTrue(reader.farthestDistance <= 1 << windowBits, "case " + i);
            dynamic += reader.dynamicBlocks;
            fixed += reader.fixedBlocks;
            stored += reader.blocks - reader.dynamicBlocks - reader.fixedBlocks;
        }
        assertTrue(dynamic > 0 && fixed > 0 && stored > 0, dynamic + " dynamic, " + fixed + " fixed, " + stored
                + " stored blocks (stored includes each flush's empty block)");
    }

    /** The stream for one message, its {@code 00 00 ff ff} tail kept. */
    static byte[] compress(WindowedDeflater deflater, History history, byte[] plain, int level) {
        deflater.start(history, level);
        BitWriter out = new BitWriter(16);
        deflater.compress(ByteBuffer.wrap(plain), out);
        byte[] stream = out.toByteArray();
        assertArrayEquals(TAIL, Arrays.copyOfRange(stream, stream.length - 4, stream.length));
        return stream;
    }

    /** zlib's raw stream for the same message with a sync flush, as permessage-deflate sends it. */
    static byte[] zlib(byte[] plain, int level) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(plain);
        byte[] out = new byte[plain.length * 2 + 64];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, n);
    }

    static byte[] chat(long seed, int size) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder("{\"type\":\"chat.message\",\"id\":" + (1_000_000 + r.nextInt(9_000_000))
                + ",\"room\":\"general\",\"from\":\"user" + r.nextInt(50) + "\",\"text\":\"");
        while (text.length() < size - 18) {
            text.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return text.append("\",\"reactions\":[]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] records(long seed, int size) {
        Random r = new Random(seed);
        StringBuilder json = new StringBuilder("[");
        while (json.length() < size - 2) {
            json.append("{\"id\":").append(r.nextInt(100_000)).append(",\"name\":\"")
                    .append(WORDS[r.nextInt(WORDS.length)]).append(' ').append(WORDS[r.nextInt(WORDS.length)])
                    .append("\",\"score\":").append(r.nextInt(1000) / 10.0).append(",\"verified\":")
                    .append(r.nextBoolean()).append("},");
        }
        return json.append("{}]").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int[] fibonacci(int n) {
        int[] counts = new int[n];
        int a = 1;
        int b = 1;
        for (int i = 0; i < n; i++) {
            counts[i] = a;
            int c = a + b;
            a = b;
            b = Math.min(c, 1 << 20);
        }
        return counts;
    }

    static byte[] inflate(Inflater inflater, byte[] data) throws DataFormatException {
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = inflater.inflate(buffer)) > 0 || !inflater.needsInput()) {
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
