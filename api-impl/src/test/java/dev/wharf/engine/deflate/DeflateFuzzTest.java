package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Fuzzes our compressor ({@link MessageCompressor} over {@link WindowedDeflater}, RFC 7692 §7.2.1): one to four
 * fuzzed messages, each cut into fuzzed frames, with fuzzed window bits (8-15), memory level, compression level,
 * threshold and context takeover. Properties:
 * <ul>
 *   <li>every message, its frames' outputs joined and the {@code 00 00 ff ff} tail appended, inflates with
 *       {@code java.util.zip.Inflater} to exactly the plaintext (with takeover one inflater for the whole stream,
 *       without a fresh one per message);</li>
 *   <li>where our compressor is used (context takeover, or a window below 15 bits; otherwise zlib compresses), an
 *       independent reader of the blocks ({@link BlockReader}) given only the last 2^windowBits bytes of earlier
 *       messages (what a peer that agreed to that window keeps) reads the same plaintext, and no match reaches
 *       further back than 2^windowBits bytes;</li>
 *   <li>the history kept between messages never exceeds the window.</li>
 * </ul>
 */
class DeflateFuzzTest {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /**
     * The plaintext of all messages together. Everything the compressor does differently happens within it: windows
     * of 2^8-2^11 bytes slide, blocks (2^7 bytes at memory level 1) end in every form, history primes the next
     * message; a larger window or block only runs the same code with larger numbers. Each execution costs in
     * proportion to its bytes (the fuzzer's corpus reached 8.6 KiB inputs), so bytes past this are left unread.
     */
    static final int MAX_PLAINTEXT = 4096;

    @FuzzTest(maxDuration = "60s")
    void compressesWithinTheAgreedWindow(FuzzedDataProvider data) throws DataFormatException {
        int windowBits = data.consumeInt(8, 15);
        int memLevel = data.consumeInt(1, 9);
        int level = data.consumeInt(0, 9);
        boolean takeover = data.consumeBoolean();
        int threshold = data.pickValue(new int[] {0, 16});
        int count = data.consumeInt(1, 4);
        int window = 1 << windowBits;
        PerMessageDeflate deflate = new PerMessageDeflate(level, memLevel, windowBits, takeover, 15, false, threshold);
        Inflater inflater = new Inflater(true);
        byte[] history = new byte[0];
        int budget = MAX_PLAINTEXT;
        try {
            for (int m = 0; m < count; m++) {
                byte[] plain = data.consumeBytes(m == count - 1 ? budget : Math.min(budget, data.consumeInt(0, 3000)));
                budget -= plain.length;
                int frames = 1 + (plain.length == 0 ? 0 : Math.floorMod(plain[0], 4));
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                boolean compressed = false;
                int at = 0;
                for (int f = 0; f < frames; f++) {
                    boolean last = f == frames - 1;
                    int end = last ? plain.length : at + (plain.length - at) / 2;
                    ByteBuffer payload = ByteBuffer.wrap(plain, at, end - at);
                    if (f == 0) {
                        compressed = deflate.beginOutbound(true, payload, last);
                    }
                    if (compressed) {
                        write(wire, deflate.encode(payload, last));
                    }
                    at = end;
                }
                if (!compressed) {
                    assertTrue(frames == 1, "only whole messages are sent plain");
                    continue; // sent as is: no stream moved on
                }
                wire.writeBytes(TAIL);
                byte[] stream = wire.toByteArray();
                if (!takeover) {
                    inflater.reset();
                    history = new byte[0];
                }
                int message = m;
                assertArrayEquals(plain, inflate(inflater, stream, plain.length),
                        () -> "message " + message + " inflates to its plaintext");
                if (takeover || windowBits < 15) {
                    BlockReader reader = new BlockReader(history, stream);
                    assertArrayEquals(plain, reader.read(),
                            () -> "message " + message + " within a " + window + "-byte history");
                    assertTrue(reader.farthestDistance <= window,
                            () -> "distance " + reader.farthestDistance + " > " + window);
                }
                if (takeover) {
                    history = lastBytes(history, plain, window);
                }
                assertTrue(deflate.historyBytes() <= window,
                        () -> "history within the window: " + deflate.historyBytes());
                assertEquals(false, deflate.holdsDeflater(), "the compressor goes back when the message ends");
            }
        } finally {
            inflater.end();
            deflate.release();
        }
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer b) {
        if (b.hasArray()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.writeBytes(a);
        }
    }

    /** The last {@code window} bytes of {@code history} followed by {@code plain}: what a peer's inflater keeps. */
    private static byte[] lastBytes(byte[] history, byte[] plain, int window) {
        byte[] kept = new byte[Math.min(window, history.length + plain.length)];
        int fromPlain = Math.min(plain.length, kept.length);
        int fromHistory = kept.length - fromPlain;
        System.arraycopy(history, history.length - fromHistory, kept, 0, fromHistory);
        System.arraycopy(plain, plain.length - fromPlain, kept, fromHistory, fromPlain);
        return kept;
    }

    /**
     * Inflates {@code data} into room for one byte more than {@code expected}: enough to see that the output is
     * longer than the plaintext, without a buffer per call larger than the message.
     */
    private static byte[] inflate(Inflater inflater, byte[] data, int expected) throws DataFormatException {
        inflater.setInput(data);
        byte[] out = new byte[expected + 1];
        int n = 0;
        while (n < out.length) {
            int produced = inflater.inflate(out, n, out.length - n);
            n += produced;
            if (produced == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
                break;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
