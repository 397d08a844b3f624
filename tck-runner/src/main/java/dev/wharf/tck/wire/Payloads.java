package dev.wharf.tck.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Deterministic payloads and byte helpers for the cases. */
final class Payloads {

    private Payloads() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code length} bytes of printable ASCII, so a text payload is valid UTF-8 of exactly that length. */
    static byte[] ascii(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** {@code length} pseudo-random bytes, the same for the same length. */
    static byte[] binary(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    /** Text of exactly {@code length} UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters. */
    static byte[] mixedUtf8(int length) {
        byte[] unit = utf8("ab\u00e9\u20ac\ud83d\ude00"); // 2 + 2 + 3 + 4 = 11 bytes
        byte[] b = new byte[length];
        int n = length / unit.length * unit.length;
        for (int i = 0; i < n; i += unit.length) {
            System.arraycopy(unit, 0, b, i, unit.length);
        }
        Arrays.fill(b, n, length, (byte) 'z');
        return b;
    }

    static byte[] hex(String hex) {
        String h = hex.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }
}
