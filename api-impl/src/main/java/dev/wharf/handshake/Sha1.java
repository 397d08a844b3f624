package dev.wharf.handshake;

/**
 * SHA-1 (FIPS 180-4 §6.1) of an ASCII string followed by another, without building the message: the two strings
 * are read character by character into a rolling 16-word schedule. For the accept key only, whose input is 60
 * bytes (two blocks): {@code MessageDigest} needed a concatenated string, its bytes, a cloned digest with its own
 * buffers and an 80-word schedule per handshake, most of the accept key's ~0.7 KiB.
 */
final class Sha1 {

    /** Words 0-15: the message schedule, rolled; words 16-20: the hash. */
    private static final int STATE_WORDS = 21;

    private Sha1() {
    }

    /**
     * The 20-byte digest of {@code first + second}, as five big-endian words. Every character must be below 0x80
     * (what {@link #isAscii} answers): each is one byte of the message.
     */
    static int[] digest(String first, String second) {
        int length = first.length() + second.length();
        long bits = (long) length * 8;
        int blocks = (length + 8) / 64 + 1; // room for the 0x80 byte and the 8-byte length
        int padded = blocks * 64;
        int[] s = new int[STATE_WORDS];
        int h0 = 0x67452301;
        int h1 = 0xEFCDAB89;
        int h2 = 0x98BADCFE;
        int h3 = 0x10325476;
        int h4 = 0xC3D2E1F0;
        for (int block = 0; block < blocks; block++) {
            int base = block * 64;
            for (int t = 0; t < 16; t++) {
                int at = base + t * 4;
                s[t] = messageByte(first, second, length, padded, bits, at) << 24
                        | messageByte(first, second, length, padded, bits, at + 1) << 16
                        | messageByte(first, second, length, padded, bits, at + 2) << 8
                        | messageByte(first, second, length, padded, bits, at + 3);
            }
            int a = h0;
            int b = h1;
            int c = h2;
            int d = h3;
            int e = h4;
            for (int t = 0; t < 80; t++) {
                int i = t & 15;
                if (t >= 16) { // W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]), kept in 16 words
                    s[i] = Integer.rotateLeft(s[(i + 13) & 15] ^ s[(i + 8) & 15] ^ s[(i + 2) & 15] ^ s[i], 1);
                }
                int f;
                int k;
                if (t < 20) {
                    f = (b & c) | (~b & d);
                    k = 0x5A827999;
                } else if (t < 40) {
                    f = b ^ c ^ d;
                    k = 0x6ED9EBA1;
                } else if (t < 60) {
                    f = (b & c) | (b & d) | (c & d);
                    k = 0x8F1BBCDC;
                } else {
                    f = b ^ c ^ d;
                    k = 0xCA62C1D6;
                }
                int next = Integer.rotateLeft(a, 5) + f + e + k + s[i];
                e = d;
                d = c;
                c = Integer.rotateLeft(b, 30);
                b = a;
                a = next;
            }
            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
        }
        // The schedule's array carries the result out: one array per call, not two.
        s[0] = h0;
        s[1] = h1;
        s[2] = h2;
        s[3] = h3;
        s[4] = h4;
        return s;
    }

    /** Whether every character of {@code text} is a single ASCII byte. */
    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Byte {@code at} of the padded message: the text, 0x80, zeros, then the length in bits, big-endian. */
    private static int messageByte(String first, String second, int length, int padded, long bits, int at) {
        if (at < first.length()) {
            return first.charAt(at);
        }
        if (at < length) {
            return second.charAt(at - first.length());
        }
        if (at == length) {
            return 0x80;
        }
        int fromEnd = padded - 1 - at;
        return fromEnd < 8 ? (int) (bits >>> (8 * fromEnd)) & 0xFF : 0;
    }
}
