package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AcceptKeyTest {

    @Test
    @DisplayName("RFC 6455 §1.3: dGhlIHNhbXBsZSBub25jZQ== answers s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    void computesTheRfcExampleAcceptValue() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    @DisplayName("RFC 6455 §1.3: leading and trailing whitespace of the key is ignored")
    void ignoresSurroundingWhitespace() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of(" dGhlIHNhbXBsZSBub25jZQ==\t"));
    }

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 5: a key is base64 of exactly 16 bytes, padded")
    void recognisesSixteenByteNonces() {
        assertTrue(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(AcceptKey.isValidKey(ClientHandshake.newKey()));
        assertFalse(AcceptKey.isValidKey(Base64.getEncoder().encodeToString(new byte[15])));
        assertFalse(AcceptKey.isValidKey(Base64.getEncoder().encodeToString(new byte[17])));
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ"), "RFC 6455 §4.3 requires the padding");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZ!=="));
        assertFalse(AcceptKey.isValidKey(""));
    }

    @Test
    @DisplayName("the accept value equals the JDK's SHA-1 and base64 for random keys, with and without whitespace")
    void matchesTheJdkForRandomKeys() throws Exception {
        Random random = new Random(20);
        for (int i = 0; i < 20_000; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String sent = i % 3 == 0 ? " " + key + "\t" : key;
            assertEquals(jdkAccept(key), AcceptKey.of(sent), sent);
        }
    }

    @Test
    @DisplayName("a key with a character above ASCII is answered as the JDK's US-ASCII bytes hash it")
    void nonAsciiKeysMatchTheJdk() throws Exception {
        for (String key : new String[] {"dGhlIHNhbXBsZSBub25jZQ\u00e9=", "\ud83d\ude00abc", "\u0080"}) {
            assertEquals(jdkAccept(key), AcceptKey.of(key), key);
        }
    }

    @Test
    @DisplayName("SHA-1 of ASCII text of every length from 0 to 300 (one to six blocks, every padding edge) equals the JDK's")
    void sha1MatchesTheJdkAtEveryLength() throws Exception {
        Random random = new Random(7);
        for (int length = 0; length <= 300; length++) {
            for (int split = 0; split <= length; split += Math.max(1, length / 4)) {
                char[] text = new char[length];
                for (int i = 0; i < length; i++) {
                    text[i] = (char) random.nextInt(0x80);
                }
                String all = new String(text);
                int[] words = Sha1.digest(all.substring(0, split), all.substring(split));
                byte[] expected = MessageDigest.getInstance("SHA-1").digest(all.getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 20; i++) {
                    assertEquals(expected[i], (byte) (words[i >> 2] >>> (24 - 8 * (i & 3))), "length " + length);
                }
            }
        }
    }

    @Test
    @DisplayName("a 24-character key ending in == is valid exactly when the JDK's decoder makes 16 bytes of it")
    void keyCheckAgreesWithTheJdkDecoder() {
        String characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .\u00e9!";
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder key = new StringBuilder();
            for (int c = 0; c < 22; c++) {
                // mostly the alphabet, so that a valid key is common; one odd character now and then
                key.append(random.nextInt(40) == 0 ? characters.charAt(64 + random.nextInt(characters.length() - 64))
                        : characters.charAt(random.nextInt(64)));
            }
            String candidate = key.append("==").toString();
            assertEquals(jdkValid(candidate), AcceptKey.isValidKey(candidate), candidate);
        }
    }

    private static String jdkAccept(String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key.strip() + AcceptKey.GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    private static boolean jdkValid(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
