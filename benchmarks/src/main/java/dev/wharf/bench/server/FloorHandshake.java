package dev.wharf.bench.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The HTTP side of the floor, parsed just enough (RFC 6455 §4.2.1): {@code GET /echo HTTP/1.1} (or
 * {@code /room/{name}}, {@link FloorBroadcast}) with
 * {@code Upgrade: websocket}, {@code Connection: Upgrade}, {@code Sec-WebSocket-Version: 13} and a
 * {@code Sec-WebSocket-Key}; the answer is 101 with {@code Sec-WebSocket-Accept} (§4.2.2), 404 for another path,
 * 400 for anything else, 431 for a head longer than {@link #MAX_HEAD}. One per selector thread (not thread-safe).
 */
final class FloorHandshake {

    /** Longest request head accepted, in bytes. */
    static final int MAX_HEAD = 8192;
    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SWITCHING = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: ").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NOT_FOUND = refusal("404 Not Found");
    static final byte[] BAD_REQUEST = refusal("400 Bad Request");
    static final byte[] TOO_LARGE = refusal("431 Request Header Fields Too Large");

    private final MessageDigest sha1;
    /** The path of the last head accepted. */
    private String path;

    FloorHandshake() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static byte[] refusal(String status) {
        return ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Length of the head at {@code in}'s position including its blank line, or -1 if it is not complete yet. */
    static int headLength(ByteBuffer in) {
        int start = in.position();
        for (int i = start + 3; i < in.limit(); i++) {
            if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                return i + 1 - start;
            }
        }
        return -1;
    }

    /**
     * Answers the head of {@code length} bytes at {@code in}'s position into {@code out}; returns whether it was
     * accepted (101). Consumes the head.
     */
    boolean answer(ByteBuffer in, int length, ByteBuffer out) {
        byte[] head = new byte[length];
        in.get(head);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        String requestLine = text.substring(0, lineEnd);
        if (!requestLine.startsWith("GET ") || !requestLine.endsWith(" HTTP/1.1")) {
            out.put(BAD_REQUEST);
            return false;
        }
        path = requestLine.substring(4, requestLine.length() - 9);
        if (!path.equals("/echo") && !FloorBroadcast.isRoom(path)) {
            out.put(NOT_FOUND);
            return false;
        }
        String key = null;
        boolean upgrade = false;
        boolean connection = false;
        boolean version = false;
        for (int from = lineEnd + 2, to; (to = text.indexOf("\r\n", from)) > from; from = to + 2) {
            int colon = text.indexOf(':', from);
            if (colon < 0 || colon > to) {
                out.put(BAD_REQUEST);
                return false;
            }
            String value = text.substring(colon + 1, to).trim();
            if (isHeader(text, from, colon, "Sec-WebSocket-Key")) {
                key = value;
            } else if (isHeader(text, from, colon, "Upgrade")) {
                upgrade = value.equalsIgnoreCase("websocket");
            } else if (isHeader(text, from, colon, "Connection")) {
                connection = value.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
            } else if (isHeader(text, from, colon, "Sec-WebSocket-Version")) {
                version = value.equals("13");
            }
        }
        // RFC 6455 §4.2.1: the key is 16 random bytes in base64, 24 characters
        if (key == null || key.length() != 24 || !upgrade || !connection || !version) {
            out.put(BAD_REQUEST);
            return false;
        }
        out.put(SWITCHING).put(acceptValue(key)).put(END);
        return true;
    }

    /** The path of the last head {@link #answer} accepted. */
    String path() {
        return path;
    }

    /** {@code Sec-WebSocket-Accept} for {@code key} (RFC 6455 §4.2.2): base64 of SHA-1 of the key and the GUID. */
    byte[] acceptValue(String key) {
        sha1.update(key.getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encode(sha1.digest(GUID));
    }

    private static boolean isHeader(String head, int from, int colon, String name) {
        return colon - from == name.length() && head.regionMatches(true, from, name, 0, name.length());
    }
}
