package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8DecoderTest {

    @Test
    void decodesEveryLengthOfSequenceLikeTheJdk() {
        String s = "a\u007f\u0080é\u07ff\u0800€\uffff\ud800\udc00😀\udbff\udfff";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(s, Utf8Decoder.decode(b, 0, b.length));
    }

    @Test
    void decodesRandomMixedTextAtAnyOffset() {
        Random random = new Random(7);
        String[] pieces = {"a", "Z", " ", "é", "ß", "€", "中", "😀", "\ud83c\udf0d"};
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[utf8.length + 5];
            System.arraycopy(utf8, 0, framed, 3, utf8.length);
            assertEquals(text.toString(), Utf8Decoder.decode(framed, 3, utf8.length));
        }
    }

    @Test
    void validatorReportsWhetherOnlyAsciiWasFed() {
        Utf8Validator v = new Utf8Validator();
        byte[] ascii = "plain ASCII text, longer than one 32-byte word!".getBytes(StandardCharsets.US_ASCII);
        v.feed(ascii, 0, ascii.length);
        assertEquals(true, v.isAscii());
        byte[] mixed = "tail é".getBytes(StandardCharsets.UTF_8);
        v.feed(mixed, 0, mixed.length);
        assertEquals(false, v.isAscii());
        v.reset();
        assertEquals(true, v.isAscii());
    }
}
