package dev.wharf.handshake;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client side of the RFC 6455 §4.1 opening handshake: the header fields to send and the checks on the server's
 * answer. The caller writes the request line ({@code GET /path HTTP/1.1}) and {@code Host} itself.
 */
public final class ClientHandshake {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientHandshake() {
    }

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64-encoded (RFC 6455 §4.1 item 7). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * The WebSocket header fields of the request, in order: {@code Upgrade}, {@code Connection},
     * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, then {@code Sec-WebSocket-Protocol} and
     * {@code Sec-WebSocket-Extensions} when there is something to offer.
     *
     * @throws IllegalArgumentException if the key is not a 16-byte nonce, or a subprotocol is not a token or is
     *                                  listed twice (RFC 6455 §4.1 item 10)
     */
    public static Map<String, String> requestHeaders(String key, List<String> subprotocols,
                                                     List<ExtensionSpec> extensions) {
        if (!AcceptKey.isValidKey(key)) {
            throw new IllegalArgumentException("Sec-WebSocket-Key must be a base64-encoded 16-byte nonce");
        }
        Set<String> seen = new HashSet<>();
        for (String subprotocol : subprotocols) {
            if (!HttpTokens.isToken(subprotocol)) {
                throw new IllegalArgumentException("subprotocol '" + subprotocol + "' is not an HTTP token");
            }
            if (!seen.add(subprotocol)) {
                throw new IllegalArgumentException("subprotocol '" + subprotocol + "' is listed twice");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.putAll(ServerHandshake.upgradeHeaders());
        out.put(HeaderNames.SEC_WEBSOCKET_KEY, key);
        out.put(HeaderNames.SEC_WEBSOCKET_VERSION, HeaderNames.VERSION_13);
        if (!subprotocols.isEmpty()) {
            out.put(HeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", subprotocols));
        }
        if (!extensions.isEmpty()) {
            out.put(HeaderNames.SEC_WEBSOCKET_EXTENSIONS, ExtensionSpec.format(extensions));
        }
        return out;
    }

    /**
     * The subprotocols a request offers, read back from its {@code Sec-WebSocket-Protocol} lines after a configurator
     * may have changed them [WSC-3.2.1]: the non-empty list elements in order (RFC 7230 §7), not checked against the
     * token grammar, since the server's choice is only compared with them.
     */
    public static List<String> offeredSubprotocols(List<String> protocolLines) {
        return TokenList.elements(protocolLines);
    }

    /**
     * Checks the server's answer as RFC 6455 §4.1 requires of a client; any failure means the connection must not be
     * used.
     *
     * @param status              the response's HTTP status code
     * @param key                 the {@code Sec-WebSocket-Key} this client sent
     * @param offeredSubprotocols what the request offered, possibly empty
     * @param offeredExtensions   what the request offered, possibly empty
     * @throws HandshakeFailure carrying {@code status} and the first rule the answer breaks
     */
    public static AcceptedUpgrade validateResponse(int status, HeaderLookup headers, String key,
                                                     List<String> offeredSubprotocols,
                                                     List<ExtensionSpec> offeredExtensions) throws HandshakeFailure {
        if (status != 101) {
            throw new HandshakeFailure(status, "expected status 101 Switching Protocols, got " + status);
        }
        List<String> upgrade = TokenList.elements(headers.values(HeaderNames.UPGRADE));
        if (upgrade.size() != 1 || !upgrade.get(0).equalsIgnoreCase("websocket")) {
            throw new HandshakeFailure(status, upgrade.isEmpty()
                    ? "Upgrade header is missing"
                    : "Upgrade header is " + HttpTokens.printable(String.join(", ", upgrade)) + ", not websocket");
        }
        if (!TokenList.containsIgnoreCase(headers.values(HeaderNames.CONNECTION), "upgrade")) {
            throw new HandshakeFailure(status, "Connection header does not list upgrade");
        }
        checkAccept(status, headers, key);
        String subprotocol = readSubprotocol(status, headers, offeredSubprotocols);
        List<ExtensionSpec> extensions = readExtensions(status, headers, offeredExtensions);
        return new AcceptedUpgrade(subprotocol, extensions);
    }

    private static void checkAccept(int status, HeaderLookup headers, String key) throws HandshakeFailure {
        List<String> accepts = headers.values(HeaderNames.SEC_WEBSOCKET_ACCEPT);
        if (accepts.isEmpty()) {
            throw new HandshakeFailure(status, "Sec-WebSocket-Accept is missing");
        }
        if (accepts.size() > 1) { // RFC 6455 §11.3.3
            throw new HandshakeFailure(status, "Sec-WebSocket-Accept appears more than once");
        }
        if (!accepts.get(0).strip().equals(AcceptKey.of(key))) {
            throw new HandshakeFailure(status, "Sec-WebSocket-Accept does not match the key sent");
        }
    }

    private static String readSubprotocol(int status, HeaderLookup headers, List<String> offered)
            throws HandshakeFailure {
        List<String> lines = headers.values(HeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (lines.isEmpty()) {
            return null;
        }
        // RFC 6455 §4.3: Sec-WebSocket-Protocol-Server = token, on one line (§11.3.4).
        String chosen = lines.get(0).strip();
        if (lines.size() > 1 || !HttpTokens.isToken(chosen)) {
            throw new HandshakeFailure(status, "Sec-WebSocket-Protocol must name exactly one subprotocol");
        }
        if (!offered.contains(chosen)) {
            throw new HandshakeFailure(status,
                    "server chose subprotocol " + HttpTokens.printable(chosen) + ", which was not offered");
        }
        return chosen;
    }

    private static List<ExtensionSpec> readExtensions(int status, HeaderLookup headers, List<ExtensionSpec> offered)
            throws HandshakeFailure {
        // Several lines are accepted although RFC 6455 §11.3.2 forbids them in a response: §4.2.2 item 6 and §9.1
        // explicitly allow splitting, and the two readings agree on what the extensions are.
        List<ExtensionSpec> accepted;
        try {
            accepted = ExtensionSpec.parseHeader(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        } catch (IllegalArgumentException e) {
            throw new HandshakeFailure(status, HttpTokens.printable(e.getMessage()));
        }
        Set<String> seen = new HashSet<>();
        for (ExtensionSpec extension : accepted) {
            if (!ExtensionSpec.isNamedIn(offered, extension.name())) { // RFC 6455 §4.1, response check 5
                throw new HandshakeFailure(status,
                        "server accepted extension " + extension.name() + ", which was not offered");
            }
            if (!seen.add(extension.name())) {
                throw new HandshakeFailure(status, "server accepted extension " + extension.name() + " twice");
            }
        }
        return accepted;
    }
}
