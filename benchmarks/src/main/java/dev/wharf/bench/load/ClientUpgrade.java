package dev.wharf.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.IntSupplier;

/**
 * The client's side of one RFC 6455 §4.1 opening handshake: the request head, and the check of the server's response
 * head (status 101, {@code Sec-WebSocket-Accept} for our key), which returns the extensions the server agreed.
 */
final class ClientUpgrade {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_RESPONSE_HEAD = 8192;

    private final String requestHead;
    private final String expectedAccept;

    /** @param random the next random int of the connection's loop, four times, for the 16-byte key */
    ClientUpgrade(String host, String path, DeflateOffer offer, IntSupplier random) {
        byte[] nonce = new byte[16];
        for (int i = 0; i < 16; i += 4) {
            int r = random.getAsInt();
            nonce[i] = (byte) r;
            nonce[i + 1] = (byte) (r >>> 8);
            nonce[i + 2] = (byte) (r >>> 16);
            nonce[i + 3] = (byte) (r >>> 24);
        }
        String key = Base64.getEncoder().encodeToString(nonce);
        this.expectedAccept = accept(key);
        this.requestHead = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (offer.header != null ? "Sec-WebSocket-Extensions: " + offer.header + "\r\n" : "") + "\r\n";
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    ByteBuffer request() {
        return ByteBuffer.wrap(requestHead.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads the response head from {@code buffer} if it is all there (consuming it, and nothing after it).
     *
     * @return the server's {@code Sec-WebSocket-Extensions} (empty if none), or null if more bytes are needed
     * @throws ConnectionProblem if the head is too long, the server refused, or the accept value is wrong
     */
    String readResponse(ByteBuffer buffer) throws ConnectionProblem {
        int end = -1;
        for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
            if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r'
                    && buffer.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            if (buffer.remaining() > MAX_RESPONSE_HEAD) {
                throw new ConnectionProblem("handshake response head over " + MAX_RESPONSE_HEAD + " bytes");
            }
            return null;
        }
        byte[] head = new byte[end - buffer.position()];
        buffer.get(head);
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            throw new ConnectionProblem("handshake refused: " + lines[0]);
        }
        String accept = null;
        StringBuilder extensionHeader = new StringBuilder();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Sec-WebSocket-Accept")) {
                accept = line.substring(colon + 1).trim();
            } else if (name.equalsIgnoreCase("Sec-WebSocket-Extensions")) {
                extensionHeader.append(extensionHeader.length() > 0 ? ", " : "")
                        .append(line.substring(colon + 1).trim());
            }
        }
        if (!expectedAccept.equals(accept)) {
            throw new ConnectionProblem("bad Sec-WebSocket-Accept: " + accept);
        }
        return extensionHeader.toString();
    }
}
