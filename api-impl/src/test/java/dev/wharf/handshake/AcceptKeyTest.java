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
    @DisplayName("keys of other lengths (the reused input array too short) are answered as the JDK answers them")
    void keysOfAnyLengthMatchTheJdk() throws Exception {
        Random random = new Random(7);
        for (int length = 0; length <= 200; length++) {
            char[] text = new char[length];
            for (int i = 0; i < length; i++) {
                text[i] = (char) ('!' + random.nextInt(94));
            }
            String key = new String(text);
            assertEquals(jdkAccept(key), AcceptKey.of(key), key);
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

    @Test
    @DisplayName("a key check and accept value cost the handshake under 128 bytes (the digest's clone and copies took ~570)")
    void allocatesLittle() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        String[] keys = new String[64];
        Random random = new Random(5);
        for (int i = 0; i < keys.length; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            keys[i] = Base64.getEncoder().encodeToString(nonce);
        }
        int sink = 0;
        for (int i = 0; i < 50_000; i++) { // compiled before measuring
            sink += AcceptKey.of(keys[i & 63]).length();
        }
        long thread = Thread.currentThread().getId();
        int calls = 20_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sink += AcceptKey.isValidKey(keys[i & 63]) ? AcceptKey.of(keys[i & 63]).length() : 0;
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / calls;
        assertTrue(sink > 0);
        assertTrue(perCall < 128, "bytes per key check and accept value: " + perCall);
    }
}
