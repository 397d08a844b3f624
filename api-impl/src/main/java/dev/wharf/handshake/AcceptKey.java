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

    /**
     * {@code base64(SHA-1(key + GUID))}. The key is used as sent (not decoded), minus leading and trailing whitespace
     * (RFC 6455 §1.3).
     */
    static String of(String key) {
        byte[] digest = sha1().digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
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
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * Cloned per call rather than looked up: {@code MessageDigest.getInstance} searches the security providers on
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
