package dev.wharf.handshake;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server side of the RFC 6455 §4.2 opening handshake: checks a client's request and writes the header fields of
 * the 101 answer. Knows nothing of servlets; the caller supplies the request line parts and a {@link HeaderLookup}.
 */
public final class ServerHandshake {

    private static final Map<String, String> UPGRADE_HEADERS = orderedOf(
            HeaderNames.UPGRADE, "websocket",
            HeaderNames.CONNECTION, "Upgrade");

    private ServerHandshake() {
    }

    /**
     * Whether the request asks for a WebSocket at all: its {@code Upgrade} header lists {@code websocket}. A request
     * without one (plain HTTP, or an upgrade to something else such as {@code h2c}) is none of our business and
     * should pass through untouched; one with it is then checked by {@link #validate}.
     */
    public static boolean isUpgradeRequest(HeaderLookup headers) {
        return TokenList.containsIgnoreCase(headers.values(HeaderNames.UPGRADE), "websocket");
    }

    /**
     * Checks the request against RFC 6455 §4.2.1, in the order a reader would: request line, then Upgrade and
     * Connection, then the {@code Sec-WebSocket-*} fields.
     *
     * <p>A method other than GET is refused with 400, not 405: RFC 6455 §4.2.1 asks for "an appropriate error code
     * (such as 400 Bad Request)", and a 405 would have to list in {@code Allow} every method the resource supports,
     * which this layer cannot know (a servlet at the same path may well accept POST).
     *
     * @param method   the request method, e.g. {@code GET}
     * @param protocol the request line's protocol, e.g. {@code HTTP/1.1}
     * @throws HandshakeRefusal 400 for a malformed request, 426 (with {@code Sec-WebSocket-Version: 13}) for a
     *                          missing or other version
     */
    public static UpgradeOffer validate(String method, String protocol, HeaderLookup headers) throws HandshakeRefusal {
        if (!"GET".equals(method)) {
            throw HandshakeRefusal.badRequest("WebSocket upgrade requires GET, not " + HttpTokens.printable(method));
        }
        if (!isHttp11OrLater(protocol)) {
            throw HandshakeRefusal.badRequest("WebSocket upgrade requires HTTP/1.1 or later, not " + HttpTokens.printable(protocol));
        }
        if (!isUpgradeRequest(headers)) {
            throw HandshakeRefusal.badRequest("Upgrade header does not list websocket");
        }
        if (!TokenList.containsIgnoreCase(headers.values(HeaderNames.CONNECTION), "upgrade")) {
            throw HandshakeRefusal.badRequest("Connection header does not list upgrade");
        }
        String key = readKey(headers);
        checkVersion(headers);
        List<String> subprotocols = readSubprotocols(headers);
        List<ExtensionSpec> extensions = readExtensions(headers);
        String origin = readOrigin(headers);
        return new UpgradeOffer(key, AcceptKey.of(key), subprotocols, extensions, origin);
    }

    /**
     * {@code Upgrade: websocket} and {@code Connection: Upgrade}, which every 101 answer carries. Separate from
     * {@link #responseHeaders} because some hosts add them on their own when the request is upgraded.
     */
    public static Map<String, String> upgradeHeaders() {
        return UPGRADE_HEADERS;
    }

    /**
     * The {@code Sec-WebSocket-*} header fields of the 101 answer, in order: {@code Sec-WebSocket-Accept}, then
     * {@code Sec-WebSocket-Protocol} if a subprotocol was chosen, then {@code Sec-WebSocket-Extensions} if any
     * extension was accepted (as one line, which RFC 6455 §11.3.2 requires of a response).
     *
     * @param chosenSubprotocol one of {@code offer.subprotocols()}, or null for none
     * @param accepted          extensions to use, each named in {@code offer.extensions()}, at most once
     * @throws IllegalArgumentException if the choice was not offered (RFC 6455 §4.2.2 /subprotocol/, §9)
     */
    public static Map<String, String> responseHeaders(UpgradeOffer offer, String chosenSubprotocol,
                                                      List<ExtensionSpec> accepted) {
        if (chosenSubprotocol == null && accepted.isEmpty()) {
            return Map.of(HeaderNames.SEC_WEBSOCKET_ACCEPT, offer.acceptValue()); // most handshakes: no ordered map
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(HeaderNames.SEC_WEBSOCKET_ACCEPT, offer.acceptValue());
        if (chosenSubprotocol != null) {
            if (!offer.subprotocols().contains(chosenSubprotocol)) {
                throw new IllegalArgumentException(
                        "subprotocol '" + chosenSubprotocol + "' was not offered; offered: " + offer.subprotocols());
            }
            out.put(HeaderNames.SEC_WEBSOCKET_PROTOCOL, chosenSubprotocol);
        }
        if (!accepted.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (ExtensionSpec extension : accepted) {
                if (!ExtensionSpec.isNamedIn(offer.extensions(), extension.name())) {
                    throw new IllegalArgumentException("extension '" + extension.name() + "' was not offered");
                }
                if (!seen.add(extension.name())) {
                    throw new IllegalArgumentException("extension '" + extension.name() + "' accepted twice");
                }
            }
            out.put(HeaderNames.SEC_WEBSOCKET_EXTENSIONS, ExtensionSpec.format(accepted));
        }
        return out;
    }

    // "HTTP/" major [ "." minor ]; HTTP/1.0 cannot upgrade (RFC 6455 §4.2.1 item 1).
    static boolean isHttp11OrLater(String protocol) {
        if ("HTTP/1.1".equals(protocol)) {
            return true; // nearly every handshake: no parsing
        }
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String version = protocol.substring(5);
        int dot = version.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            int minor = dot < 0 ? 0 : Integer.parseInt(version.substring(dot + 1));
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String readKey(HeaderLookup headers) throws HandshakeRefusal {
        List<String> keys = headers.values(HeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.isEmpty()) {
            throw HandshakeRefusal.badRequest("Sec-WebSocket-Key is missing");
        }
        if (keys.size() > 1) { // RFC 6455 §11.3.1
            throw HandshakeRefusal.badRequest("Sec-WebSocket-Key appears more than once");
        }
        String key = keys.get(0).strip();
        if (!AcceptKey.isValidKey(key)) {
            throw HandshakeRefusal.badRequest("Sec-WebSocket-Key is not a base64-encoded 16-byte nonce");
        }
        return key;
    }

    private static void checkVersion(HeaderLookup headers) throws HandshakeRefusal {
        List<String> versions = headers.values(HeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.isEmpty()) {
            throw HandshakeRefusal.unsupportedVersion("Sec-WebSocket-Version is missing; this server speaks 13");
        }
        if (versions.size() > 1) { // RFC 6455 §11.3.5: a grammar error, not a version we might not know
            throw HandshakeRefusal.badRequest("Sec-WebSocket-Version appears more than once");
        }
        String version = versions.get(0).strip();
        if (!HeaderNames.VERSION_13.equals(version)) {
            throw HandshakeRefusal.unsupportedVersion(
                    "Sec-WebSocket-Version " + HttpTokens.printable(version) + " is not supported; this server speaks 13");
        }
    }

    private static List<String> readSubprotocols(HeaderLookup headers) throws HandshakeRefusal {
        List<String> protocols;
        try {
            protocols = TokenList.tokens(headers.values(HeaderNames.SEC_WEBSOCKET_PROTOCOL));
        } catch (IllegalArgumentException e) {
            throw HandshakeRefusal.badRequest("malformed Sec-WebSocket-Protocol: " + HttpTokens.printable(e.getMessage()));
        }
        if (protocols.size() > 1 && new HashSet<>(protocols).size() != protocols.size()) { // RFC 6455 §4.1 item 10: "MUST all be unique"
            throw HandshakeRefusal.badRequest("Sec-WebSocket-Protocol lists a subprotocol twice");
        }
        return protocols;
    }

    private static List<ExtensionSpec> readExtensions(HeaderLookup headers) throws HandshakeRefusal {
        try {
            return ExtensionSpec.parseHeader(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        } catch (IllegalArgumentException e) {
            throw HandshakeRefusal.badRequest(HttpTokens.printable(e.getMessage()));
        }
    }

    private static String readOrigin(HeaderLookup headers) throws HandshakeRefusal {
        List<String> origins = headers.values(HeaderNames.ORIGIN);
        if (origins.size() > 1) { // RFC 6454 §7.3: one Origin field at most
            throw HandshakeRefusal.badRequest("Origin appears more than once");
        }
        return origins.isEmpty() ? null : origins.get(0).strip();
    }

    private static Map<String, String> orderedOf(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
