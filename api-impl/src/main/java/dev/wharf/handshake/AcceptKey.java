package dev.wharf.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Sec-WebSocket-Key} nonce and the {@code Sec-WebSocket-Accept} answer derived from it (RFC 6455 §4.2.2). */
final class AcceptKey {

    /** RFC 6455 §1.3: appended to the key so that only a WebSocket-aware server can produce the answer. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private AcceptKey() {
    }

    /** The standard base64 alphabet (RFC 4648 §4), by 6-bit value. */
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@code base64(SHA-1(key + GUID))}. The key is used as sent (not decoded), minus leading and trailing whitespace
     * (RFC 6455 §1.3). A key is ASCII (base64, checked before): hashed by {@link Sha1} and encoded here, so the
     * handshake allocates the answer and two small arrays; any other text goes through the JDK as before.
     */
    static String of(String key) {
        String stripped = key.strip();
        if (!Sha1.isAscii(stripped)) {
            byte[] digest = sha1().digest((stripped + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        }
        int[] hash = Sha1.digest(stripped, GUID);
        byte[] out = new byte[28]; // 20 bytes: six groups of three, then two bytes and one '='
        int o = 0;
        for (int i = 0; i < 18; i += 3) {
            int group = digestByte(hash, i) << 16 | digestByte(hash, i + 1) << 8 | digestByte(hash, i + 2);
            out[o++] = ALPHABET[group >>> 18];
            out[o++] = ALPHABET[(group >>> 12) & 63];
            out[o++] = ALPHABET[(group >>> 6) & 63];
            out[o++] = ALPHABET[group & 63];
        }
        int last = digestByte(hash, 18) << 16 | digestByte(hash, 19) << 8;
        out[o++] = ALPHABET[last >>> 18];
        out[o++] = ALPHABET[(last >>> 12) & 63];
        out[o++] = ALPHABET[(last >>> 6) & 63];
        out[o] = '=';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static int digestByte(int[] hash, int i) {
        return (hash[i >> 2] >>> (24 - 8 * (i & 3))) & 0xFF;
    }

    /**
     * Whether {@code key} is a base64-encoded 16-byte nonce (RFC 6455 §4.2.1 item 5). RFC 6455 §4.3's
     * {@code base64-value-non-empty} requires the padding, which the JDK decoder would let go: 16 bytes are always
     * 22 characters plus {@code ==}.
     */
    static boolean isValidKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        // What the JDK's decoder accepts here, without decoding: 22 characters of the alphabet, then the padding
        // (it decodes them into 16 bytes whatever the last character's unused bits; AcceptKeyTest compares).
        for (int i = 0; i < 22; i++) {
            if (!isBase64(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    /**
     * For a key that is not ASCII only. Cloned per call rather than looked up: {@code MessageDigest.getInstance} searches the security providers on
     * every handshake, a clone copies a few words of state. No thread-local, so nothing is left behind on the
     * host's threads when the web application goes away.
     */
    private static final MessageDigest SHA1_PROTOTYPE = newSha1();

    private static MessageDigest sha1() {
        try {
            return (MessageDigest) SHA1_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newSha1(); // a provider whose digest cannot be cloned: look it up each time
        }
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
