package dev.wharf.engine;

import static dev.wharf.engine.Wire.concat;
import static dev.wharf.engine.Wire.hex;
import static dev.wharf.engine.Wire.serverFrame;
import static dev.wharf.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §8.1 / RFC 3629: incremental UTF-8 validation of text messages and close reasons. */
class Utf8ValidationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf", // overlong forms
        "ed a0 80", "ed bf bf", // surrogates
        "f4 90 80 80", "f5 80 80 80", "ff", "fe", // above U+10FFFF, never-used bytes
        "80", "bf", "41 80", "c2 41", "e1 80 41"}) // stray or missing continuation bytes
    @DisplayName("RFC 3629: invalid sequences are rejected at the first bad byte")
    void rejectsInvalidSequences(String bytes) {
        byte[] b = hex(bytes);
        Utf8Validator v = new Utf8Validator();
        int bad = -1;
        for (int i = 0; i < b.length && bad < 0; i++) {
            bad = v.feed(b, i, 1) >= 0 ? i : -1; // byte at a time: the split never hides an error
        }
        assertTrue(bad >= 0, "rejected");
        assertEquals(bad, new Utf8Validator().feed(b, 0, b.length), "same position fed whole");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"00", "7f", "c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf",
        "f0 90 80 80", "f4 8f bf bf", "f3 bf bf bf"})
    @DisplayName("RFC 3629: boundary code points are accepted")
    void acceptsBoundaryCodePoints(String bytes) {
        byte[] b = hex(bytes);
        Utf8Validator v = new Utf8Validator();
        assertEquals(-1, v.feed(b, 0, b.length));
        assertTrue(v.isComplete());
    }

    @Test
    @DisplayName("the ASCII fast path and the byte path agree with the JDK on random text, split anywhere")
    void agreesWithJdkOnRandomInput() {
        long seed = 20261121L;
        Random random = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            // Mostly valid text (ASCII runs for the 8-byte path, multi-byte code points) with occasional noise.
            String valid = randomText(random, random.nextInt(40));
            byte[] b = valid.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(3) == 0 && b.length > 0) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            boolean ok;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
                ok = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                ok = false;
            }
            int split = b.length == 0 ? 0 : random.nextInt(b.length);
            Utf8Validator v = new Utf8Validator();
            boolean ours = v.feed(b, 0, split) < 0 && v.feed(b, split, b.length - split) < 0 && v.isComplete();
            assertEquals(ok, ours, "seed " + seed + " round " + round + ": " + java.util.HexFormat.of().formatHex(b));
        }
    }

    static String randomText(Random random, int codePoints) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int kind = random.nextInt(10);
            int cp = kind < 6 ? random.nextInt(0x80) : kind < 8 ? 0x80 + random.nextInt(0x780)
                    : kind < 9 ? 0x800 + random.nextInt(0xF800) : 0x10000 + random.nextInt(0x100000);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 'x';
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    @Test
    @DisplayName("RFC 6455 §8.1: bad UTF-8 fails with 1007 before the message's last fragment arrives (fail fast)")
    void failsFastOnBadUtf8BeforeLastFragment() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        // First fragment: valid, then a surrogate lead ED A0 split across the second fragment.
        Wire.feedBytewise(client, concat(serverFrame(0x01, utf8("κόσμε")), serverFrame(0x00, hex("ed"))));
        assertEquals(List.of(), r.events);
        Wire.feedBytewise(client, serverFrame(0x00, hex("a0 80 41")));
        assertEquals(1007, r.failureCode(), "failed without the final fragment");
        assertEquals(1007, Wire.closeCodeOf(r.controlFrames.get(0)));
    }

    @Test
    @DisplayName("RFC 6455 §8.1: bad UTF-8 in partial text mode fails with 1007 and delivers nothing invalid")
    void failsOnBadUtf8InPartialMode() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        client.setPartialText(true);
        Wire.feed(client, concat(serverFrame(0x01, utf8("ok")), serverFrame(0x00, hex("f4 90"))));
        assertEquals(List.of("text:ok:false", "failure:1007:text message is not valid UTF-8"), r.events);
    }

    @Test
    @DisplayName("RFC 6455 §8.1: a text message ending inside a code point fails with 1007 (whole and partial)")
    void rejectsMessageEndingMidCodePointWith1007() {
        FramingFailureTest.assertFails(Role.CLIENT, serverFrame(0x81, hex("41 e2 82")), 1007);
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        client.setPartialText(true);
        Wire.feed(client, serverFrame(0x81, hex("41 e2 82")));
        assertEquals(1007, r.failureCode());
    }

    @Test
    @DisplayName("partial text is split only at code point boundaries, carrying at most 3 bytes")
    void partialTextSplitsAtCodePointBoundaries() {
        String text = "a€𝄞b"; // 1, 3, 4 and 1 bytes
        byte[] b = utf8(text);
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        client.setPartialText(true);
        // One frame per byte: most pieces end mid code point.
        for (int i = 0; i < b.length; i++) {
            Wire.feed(client, serverFrame((i == 0 ? 0x01 : 0x00) | (i == b.length - 1 ? 0x80 : 0), new byte[] {b[i]}));
        }
        assertEquals(List.of("text:a:false", "text:€:false", "text:𝄞:false", "text:b:true"), r.events);
    }

    @Test
    @DisplayName("RFC 6455 §5.6: text split mid code point across frames is valid when assembled")
    void acceptsCodePointSplitAcrossFrames() {
        byte[] b = utf8("𝄞");
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.CLIENT, r), concat(serverFrame(0x01, new byte[] {b[0], b[1]}),
                serverFrame(0x80, new byte[] {b[2], b[3]})));
        assertEquals(List.of("text:𝄞:true"), r.events);
    }

    @Test
    void validatorTracksPendingBytes() {
        Utf8Validator v = new Utf8Validator();
        v.feed(hex("41 f0 9d"), 0, 3);
        assertFalse(v.isComplete());
        assertEquals(2, v.pendingBytes());
        v.feed(hex("84 9e"), 0, 2);
        assertEquals(0, v.pendingBytes());
    }
}
