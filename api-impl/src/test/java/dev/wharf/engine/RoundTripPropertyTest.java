package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * parse(write(x)) == x for random messages, random fragmentation and random split points of the byte stream, in
 * both directions (client writes → server reads, server writes → client reads), text and binary, whole and parts.
 * Fixed seeds; every failure message names the seed and round.
 */
class RoundTripPropertyTest {

    private static final int[] SIZES = {0, 1, 125, 126, 127, 65535, 65536, 65537, (1 << 20) - 3};

    @ParameterizedTest(name = "{0} writes, partial={1}, seed={2}")
    @CsvSource({"CLIENT,false,1", "CLIENT,true,2", "SERVER,false,3", "SERVER,true,4"})
    void roundTrips(Role writerRole, boolean partial, long seed) {
        Random random = new Random(seed);
        Role readerRole = writerRole == Role.CLIENT ? Role.SERVER : Role.CLIENT;
        Engine writer = new Engine(EngineConfig.builder(writerRole).build(), new Recorder(), new Recorder());
        Recorder recorder = new Recorder();
        Engine reader = new Engine(EngineConfig.builder(readerRole).maxTextMessageSize(-1).maxBinaryMessageSize(-1)
                .build(), recorder, recorder);
        reader.setPartialText(partial);
        reader.setPartialBinary(partial);

        List<Object> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int round = 0; round < 60; round++) {
            // Every edge size in both types first, then random ones.
            boolean edge = round < 2 * SIZES.length;
            int size = edge ? SIZES[round / 2] : random.nextInt(3) == 0 ? SIZES[random.nextInt(SIZES.length)] : random.nextInt(300);
            boolean text = edge ? round % 2 == 0 : random.nextBoolean();
            int frames = 1 + (random.nextInt(3) == 0 ? random.nextInt(6) : 0);
            if (text) {
                String s = Utf8ValidationTest.randomText(random, size / 2);
                sent.add(s);
                int[] cuts = cuts(random, s.length(), frames);
                for (int f = 0; f < frames; f++) {
                    write(stream, writer.encodeText(s.subSequence(cuts[f], cuts[f + 1]), f == frames - 1));
                }
            } else {
                byte[] b = new byte[size];
                random.nextBytes(b);
                sent.add(b);
                int[] cuts = cuts(random, size, frames);
                for (int f = 0; f < frames; f++) {
                    ByteBuffer part = ByteBuffer.wrap(b, cuts[f], cuts[f + 1] - cuts[f]);
                    write(stream, writer.encodeBinary(part, f == frames - 1));
                }
            }
            if (random.nextInt(4) == 0) { // control frames between and inside messages' streams
                write(stream, writer.encodePong(ByteBuffer.wrap(new byte[] {(byte) round})));
            }
        }
        byte[] all = stream.toByteArray();
        // Feed in random pieces, sometimes a byte at a time, sometimes large.
        for (int at = 0; at < all.length;) {
            int n = Math.min(all.length - at, random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(70000));
            reader.receive(ByteBuffer.wrap(all, at, n).slice().asReadOnlyBuffer());
            at += n;
        }
        String context = "seed " + seed;
        assertEquals(List.of(), recorder.controlFrames, context + ": no failure, " + lastEvent(recorder));
        assertEquals(sent.size(), recorder.messages.size(), context);
        for (int i = 0; i < sent.size(); i++) {
            Object expected = sent.get(i);
            Object actual = recorder.messages.get(i);
            if (expected instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) actual, context + " message " + i);
            } else {
                assertEquals(expected, actual, context + " message " + i);
            }
        }
    }

    private static String lastEvent(Recorder r) {
        return r.events.stream().filter(e -> e.startsWith("failure")).findFirst().orElse("");
    }

    /** {@code frames + 1} ascending cut points from 0 to {@code length}, so some frames may be empty. */
    private static int[] cuts(Random random, int length, int frames) {
        int[] c = new int[frames + 1];
        c[frames] = length;
        for (int i = 1; i < frames; i++) {
            c[i] = random.nextInt(length + 1);
        }
        java.util.Arrays.sort(c, 1, frames);
        return c;
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer[] frame) {
        out.writeBytes(Wire.concat(frame));
    }
}
