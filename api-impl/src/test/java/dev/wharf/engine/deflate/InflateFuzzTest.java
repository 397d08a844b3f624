package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.engine.StatusCodes;
import dev.wharf.engine.ExtensionException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Fuzzes permessage-deflate inflation under a size bound (RFC 7692 §7.2.2, RFC 6455 §10.4): one to three messages,
 * with or without context takeover, either fuzzed plaintext compressed by {@code java.util.zip.Deflater} or fuzzed
 * bytes taken as compressed data, fed to {@link MessageDecompressor} in random chunks the way the engine does
 * (the bound shrinking by what the message already produced). Properties:
 * <ul>
 *   <li>the only failures are {@link ExtensionException} 1007 (corrupt data) and 1009 (past the bound); any other
 *       exception is a finding;</li>
 *   <li>no call returns more than the bound plus one byte, nor holds a larger array, and a message never inflates
 *       more than its bound: a zip bomb costs at most the bound;</li>
 *   <li>within the bound the output equals the plaintext, and equals what {@code java.util.zip.Inflater} gives
 *       for the whole input in one call; the outcome (bytes, 1007 or 1009) is the reference's whatever the
 *       chunking.</li>
 * </ul>
 */
class InflateFuzzTest {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final long[] BOUNDS = {0, 1, 2, 5, 16, 100, 1000, 4096, 65536, Long.MAX_VALUE};

    /** What decoding one message came to: its bytes, or the failure code. */
    record Outcome(byte[] bytes, int failure) {
        static Outcome failed(int code) {
            return new Outcome(null, code);
        }

        @Override
        public String toString() {
            return failure >= 0 ? "failure " + failure : bytes.length + " bytes";
        }
    }

    @FuzzTest(maxDuration = "60s")
    void inflatesLikeJavaUtilZipWithinTheBound(FuzzedDataProvider data) {
        boolean takeover = data.consumeBoolean();
        boolean compress = data.consumeBoolean();
        int level = data.consumeInt(0, 9);
        long bound = data.pickValue(BOUNDS);
        long splitSeed = data.consumeLong();
        int count = data.consumeInt(1, 3);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inputs.add(i == count - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 600)));
        }

        List<byte[]> plaintexts = compress ? inputs : null;
        List<byte[]> messages = compress ? compressAll(inputs, level, takeover) : inputs;
        List<Outcome> expected = reference(messages, bound, takeover);
        List<Outcome> actual = decodeInChunks(messages, bound, takeover, new Random(splitSeed));
        assertEquals(expected.size(), actual.size(), "messages decoded before a failure: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Outcome e = expected.get(i);
            Outcome a = actual.get(i);
            assertEquals(e.failure(), a.failure(), "message " + i + ": reference " + e + ", decoder " + a);
            if (e.failure() < 0) {
                assertArrayEquals(e.bytes(), a.bytes(), "message " + i + " inflates as java.util.zip does");
            }
            if (compress) {
                byte[] plain = plaintexts.get(i);
                if (plain.length <= bound) {
                    assertArrayEquals(plain, a.bytes(), "message " + i + " round trip");
                } else {
                    assertEquals(StatusCodes.TOO_BIG, a.failure(), "message " + i + " of " + plain.length
                            + " bytes past the bound " + bound);
                }
            }
        }
    }

    /** Each plaintext compressed as a permessage-deflate sender does: sync flush, the 00 00 ff ff tail removed. */
    private static List<byte[]> compressAll(List<byte[]> plaintexts, int level, boolean takeover) {
        List<byte[]> out = new ArrayList<>();
        Deflater deflater = new Deflater(level, true);
        for (byte[] plain : plaintexts) {
            if (!takeover) {
                deflater.reset();
            }
            deflater.setInput(plain);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                compressed.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
            byte[] c = compressed.toByteArray();
            // RFC 7692 §7.2.1: a sync flush ends with 00 00 ff ff, which the sender leaves out. A flush with no new
            // input writes nothing; the sender then sends an empty stored block less its tail, 0x00 (§7.2.3.6), as
            // MessageCompressor does: an empty payload would make the receiver's tail half a block header.
            boolean tail = c.length >= 4 && Arrays.equals(c, c.length - 4, c.length, TAIL, 0, 4);
            out.add(c.length == 0 ? new byte[] {0} : tail ? Arrays.copyOf(c, c.length - 4) : c);
        }
        deflater.end();
        return out;
    }

    /**
     * The expected outcome of each message, up to the first failure: the whole message and its tail given to one
     * {@link Inflater} at once, with output space up to the bound; past it only when zlib stops for want of space
     * with input left (then 1009). Cross-checked against an unbounded inflation: within the bound both agree.
     *
     * <p>With takeover each message starts a fresh inflater whose dictionary is the last 32 KiB inflated since the
     * last BFINAL block. For a conforming sender that is the same stream as one inflater kept across messages (RFC
     * 7692 §7.2.1: the appended tail ends every message at a block boundary); fuzzed bytes that stop mid-block are
     * read as the next message starting a new block, which is what a receiver that keeps only history does.
     */
    static List<Outcome> reference(List<byte[]> messages, long bound, boolean takeover) {
        List<Outcome> out = new ArrayList<>();
        Inflater inflater = new Inflater(true);
        Inflater unbounded = new Inflater(true);
        byte[] history = new byte[0];
        try {
            for (byte[] message : messages) {
                inflater.reset();
                unbounded.reset();
                if (takeover && history.length > 0) {
                    inflater.setDictionary(history);
                    unbounded.setDictionary(history);
                }
                Outcome o = inflateBounded(inflater, message, bound);
                if (o.failure() < 0 && takeover) {
                    history = inflater.finished() ? new byte[0] : lastWindow(history, o.bytes());
                }
                byte[] all = inflateUnbounded(unbounded, message);
                if (o.failure() < 0) {
                    assertArrayEquals(all, o.bytes(), "bounded and unbounded reference inflation agree");
                } else if (o.failure() == StatusCodes.TOO_BIG && all != null) {
                    assertTrue(all.length > bound, "1009 only for output past the bound");
                }
                out.add(o);
                if (o.failure() >= 0) {
                    break;
                }
            }
        } finally {
            inflater.end();
            unbounded.end();
        }
        return out;
    }

    private static Outcome inflateBounded(Inflater inflater, byte[] message, long bound) {
        // Output space up to the bound (at most 16 MiB), in an array that doubles as it fills: allocating the
        // whole 16 MiB up front for every message was nearly all of an execution's time.
        int cap = (int) Math.min(bound, 16 << 20);
        byte[] output = new byte[Math.min(cap, 256)];
        int size = 0;
        try {
            for (byte[] input : new byte[][] {message, TAIL}) {
                if (inflater.finished()) {
                    break; // RFC 7692 §7.2.3.4: nothing after a BFINAL block counts
                }
                inflater.setInput(input);
                while (true) {
                    if (size == output.length && output.length < cap) {
                        output = Arrays.copyOf(output, (int) Math.min(cap, 2L * output.length));
                    }
                    int space = output.length - size;
                    int n = inflater.inflate(output, size, space);
                    size += n;
                    if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                        break;
                    }
                    if (n == 0 && space == 0) {
                        return Outcome.failed(cap < bound ? -2 : StatusCodes.TOO_BIG);
                    }
                }
            }
            return new Outcome(Arrays.copyOf(output, size), -1);
        } catch (DataFormatException e) {
            return Outcome.failed(StatusCodes.INVALID_PAYLOAD);
        }
    }

    /** The last 32 KiB of {@code history} followed by {@code more}. */
    private static byte[] lastWindow(byte[] history, byte[] more) {
        byte[] all = Arrays.copyOf(history, history.length + more.length);
        System.arraycopy(more, 0, all, history.length, more.length);
        return Arrays.copyOfRange(all, Math.max(0, all.length - 32768), all.length);
    }

    /** The whole message inflated with no bound, or null if it is corrupt. */
    private static byte[] inflateUnbounded(Inflater inflater, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (byte[] input : new byte[][] {message, TAIL}) {
                if (inflater.finished()) {
                    break;
                }
                inflater.setInput(input);
                int n;
                while ((n = inflater.inflate(buffer)) > 0 || !(inflater.needsInput() || inflater.finished())) {
                    out.write(buffer, 0, n);
                    if (out.size() > (16 << 20)) {
                        return out.toByteArray(); // a bomb: enough to know it is past every bound
                    }
                }
            }
            if (inflater.finished()) {
                inflater.reset();
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        }
    }

    /** Decodes each message in random chunks as the engine does, up to the first failure. */
    private static List<Outcome> decodeInChunks(List<byte[]> messages, long bound, boolean takeover, Random random) {
        List<Outcome> out = new ArrayList<>();
        MessageDecompressor decompressor = new MessageDecompressor(takeover, 1 << 15);
        try {
            for (byte[] message : messages) {
                ByteArrayOutputStream inflated = new ByteArrayOutputStream();
                Outcome outcome = null;
                int at = 0;
                do {
                    int n = Math.min(message.length - at, random.nextInt(4) == 0 ? random.nextInt(200) : random.nextInt(8));
                    boolean last = at + n == message.length && random.nextInt(3) != 0; // else an empty last call
                    long room = bound == Long.MAX_VALUE ? bound : bound - inflated.size();
                    // The chunk at an offset in an array of its own (a copy of just the chunk: cloning the whole
                    // message for every chunk made long messages quadratic).
                    byte[] copy = new byte[n + 2];
                    System.arraycopy(message, at, copy, 1, n);
                    ByteBuffer chunk = ByteBuffer.wrap(copy, 1, n);
                    try {
                        ByteBuffer result = decompressor.decode(chunk, last, room);
                        long allowed = room == Long.MAX_VALUE ? room : room + 1;
                        assertTrue(result.remaining() <= allowed && result.array().length <= allowed,
                                () -> "one call returns at most the bound + 1 bytes and holds no larger array: "
                                        + result.array().length + " for room " + room);
                        if (result.remaining() > room) {
                            outcome = Outcome.failed(StatusCodes.TOO_BIG); // the engine fails the message with 1009
                        } else {
                            inflated.write(result.array(), result.arrayOffset() + result.position(), result.remaining());
                        }
                    } catch (ExtensionException e) {
                        assertTrue(e.closeCode() == StatusCodes.INVALID_PAYLOAD, "only corrupt data throws: " + e.closeCode()
                                + " " + e.getMessage());
                        outcome = Outcome.failed(e.closeCode());
                    }
                    assertTrue(decompressor.inflatedInMessage() <= bound, () -> "inflated "
                            + decompressor.inflatedInMessage() + " bytes, past the bound " + bound);
                    at += n;
                    if (outcome == null && at == message.length && !last) {
                        last = true;
                        try {
                            ByteBuffer result = decompressor.decode(ByteBuffer.allocate(0), true,
                                    bound == Long.MAX_VALUE ? bound : bound - inflated.size());
                            if (result.remaining() > bound - inflated.size()) {
                                outcome = Outcome.failed(StatusCodes.TOO_BIG);
                            } else {
                                inflated.write(result.array(), result.arrayOffset() + result.position(), result.remaining());
                            }
                        } catch (ExtensionException e) {
                            assertEquals(StatusCodes.INVALID_PAYLOAD, e.closeCode(), e.getMessage());
                            outcome = Outcome.failed(e.closeCode());
                        }
                    }
                    if (outcome == null && last) {
                        outcome = new Outcome(inflated.toByteArray(), -1);
                    }
                } while (outcome == null);
                out.add(outcome);
                if (outcome.failure() >= 0) {
                    break;
                }
            }
        } finally {
            decompressor.release();
        }
        if (out.isEmpty()) {
            fail("no message decoded");
        }
        return out;
    }
}
