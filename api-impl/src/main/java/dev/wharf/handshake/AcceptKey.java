package dev.wharf.handshake;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The {@code Sec-WebSocket-Key} nonce and the {@code Sec-WebSocket-Accept} answer derived from it (RFC 6455 §4.2.2). */
final class AcceptKey {

    /** RFC 6455 §1.3: appended to the key so that only a WebSocket-aware server can produce the answer. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.US_ASCII);
    /** A key is 24 characters; with the GUID, 60 bytes. */
    private static final int USUAL_INPUT = 24 + GUID_BYTES.length;

    private AcceptKey() {
    }

    /**
     * A digest with the arrays one answer needs, reused from handshake to handshake: a digest cloned per handshake,
     * the concatenated string, its bytes and the base64 copies were ~570 bytes of every handshake (JFR); reused,
     * an answer allocates its string only. Kept in a few shared slots, not per thread, so nothing is left behind on
     * the host's threads when the web application goes away (the digest's classes are the JDK's).
     */
    private static final class Scratch {
        final MessageDigest sha1 = newSha1();
        final byte[] input = new byte[USUAL_INPUT];
        final byte[] digest = new byte[20];
        final byte[] answer = new byte[28];
    }

    /** Slots of idle scratch: more than there are cores that handshake at once, few enough to be nothing. */
    private static final AtomicReferenceArray<Scratch> IDLE = new AtomicReferenceArray<>(8);

    /**
     * {@code base64(SHA-1(key + GUID))}. The key is used as sent (not decoded), minus leading and trailing whitespace
     * (RFC 6455 §1.3).
     */
    static String of(String key) {
        String stripped = key.strip();
        Scratch scratch = take();
        try {
            int length = stripped.length() + GUID_BYTES.length;
            byte[] input = length <= scratch.input.length ? scratch.input : new byte[length];
            for (int i = 0; i < stripped.length(); i++) {
                char c = stripped.charAt(i);
                if (c >= 0x80) { // never a valid key; hashed as String.getBytes(US_ASCII) encodes it, as before
                    return Base64.getEncoder().encodeToString(
                            scratch.sha1.digest((stripped + GUID).getBytes(StandardCharsets.US_ASCII)));
                }
                input[i] = (byte) c;
            }
            System.arraycopy(GUID_BYTES, 0, input, stripped.length(), GUID_BYTES.length);
            scratch.sha1.update(input, 0, length);
            scratch.sha1.digest(scratch.digest, 0, scratch.digest.length);
            int written = Base64.getEncoder().encode(scratch.digest, scratch.answer);
            return new String(scratch.answer, 0, written, StandardCharsets.ISO_8859_1);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-1 digest is 20 bytes", e);
        } finally {
            scratch.sha1.reset(); // also after a failure part-way
            giveBack(scratch);
        }
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

    private static Scratch take() {
        for (int i = 0; i < IDLE.length(); i++) {
            Scratch idle = IDLE.getAndSet(i, null);
            if (idle != null) {
                return idle;
            }
        }
        return new Scratch();
    }

    private static void giveBack(Scratch scratch) {
        for (int i = 0; i < IDLE.length(); i++) {
            if (IDLE.compareAndSet(i, null, scratch)) {
                return;
            }
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
