package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fuzzes the server's check of a client's opening handshake ({@link ServerHandshake#validate}, RFC 6455 §4.2.1)
 * with fuzzed request lines and header fields, then plays the accepted ones through to the client's check of the
 * answer. Properties:
 * <ul>
 *   <li>a refusal is a {@link HandshakeRefusal} with 400, or 426 carrying {@code Sec-WebSocket-Version: 13}
 *       (§4.2.2, §4.4), and a one-line printable reason; any other exception is a finding;</li>
 *   <li>the verdict agrees with an independent reading of §4.2.1: a method other than GET, a missing or repeated
 *       key, a key that is not 16 bytes of base64 are refused, and only a missing or other version gets 426;</li>
 *   <li>an accepted request's {@code Sec-WebSocket-Accept} is SHA-1/base64 of key + GUID (§4.2.2 item 5.4), its
 *       subprotocols are unique tokens, and the 101 answer built from any choice among its offers passes
 *       {@link ClientHandshake#validateResponse} with that choice (§4.1).</li>
 * </ul>
 */
class ServerHandshakeFuzzTest {

    private static final String[] METHODS = {"GET", "get", "POST", "HEAD", "GET "};
    private static final String[] PROTOCOLS = {"HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/1.10", "HTTP/0.9", "HTTP/2.0"};

    @FuzzTest(maxDuration = "60s")
    void refusesWithTheRightStatusAndAcceptsWhatAClientAccepts(FuzzedDataProvider data) throws Exception {
        String method = data.consumeBoolean() ? data.pickValue(METHODS) : FuzzedHeaders.latin1(data, 8);
        String protocol = data.consumeBoolean() ? data.pickValue(PROTOCOLS) : FuzzedHeaders.latin1(data, 12);
        boolean noContextTakeover = data.consumeBoolean();
        int subprotocolChoice = data.consumeInt(-1, 4);
        TestHeaders headers = FuzzedHeaders.from(data, 12);

        UpgradeOffer offer;
        try {
            offer = ServerHandshake.validate(method, protocol, headers);
        } catch (HandshakeRefusal refusal) {
            checkRefusal(refusal, method, headers);
            return;
        }
        checkAccepted(offer, method, protocol, headers);
        checkClientAcceptsTheAnswer(offer, subprotocolChoice, noContextTakeover);
    }

    private static void checkRefusal(HandshakeRefusal refusal, String method, TestHeaders headers) {
        String reason = refusal.reason();
        assertTrue(reason.chars().noneMatch(c -> c < 0x20 || c == 0x7F), "one printable line: " + reason);
        if (refusal.status() == 426) {
            assertEquals(Map.of(HeaderNames.SEC_WEBSOCKET_VERSION, "13"), refusal.headers(),
                    "426 names the version this server speaks (RFC 6455 §4.4)");
            List<String> versions = headers.values(HeaderNames.SEC_WEBSOCKET_VERSION);
            assertTrue(versions.isEmpty() || (versions.size() == 1 && !versions.get(0).strip().equals("13")),
                    "426 only for a missing or other version: " + versions);
            assertEquals("GET", method, "a bad method is a 400, whatever the version");
        } else {
            assertEquals(400, refusal.status(), "a malformed handshake is a 400 (RFC 6455 §4.2.1): " + reason);
            assertTrue(refusal.headers().isEmpty(), "a 400 carries no extra header");
        }
    }

    private static void checkAccepted(UpgradeOffer offer, String method, String protocol, TestHeaders headers)
            throws NoSuchAlgorithmException {
        assertEquals("GET", method, "only GET upgrades");
        assertTrue(protocol.startsWith("HTTP/") && !protocol.equals("HTTP/1.0"), "HTTP/1.1 or later: " + protocol);
        assertTrue(containsToken(headers.values(HeaderNames.UPGRADE), "websocket"), "Upgrade lists websocket");
        assertTrue(containsToken(headers.values(HeaderNames.CONNECTION), "upgrade"), "Connection lists upgrade");
        List<String> keys = headers.values(HeaderNames.SEC_WEBSOCKET_KEY);
        assertEquals(1, keys.size(), "exactly one key");
        assertEquals(keys.get(0).strip(), offer.key());
        assertEquals(16, Base64.getDecoder().decode(offer.key()).length, "the key is a 16-byte nonce");
        assertEquals(List.of("13"), headers.values(HeaderNames.SEC_WEBSOCKET_VERSION).stream().map(String::strip).toList());
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((offer.key() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(Base64.getEncoder().encodeToString(sha1), offer.acceptValue(), "RFC 6455 §4.2.2 item 5.4");
        assertEquals(offer.subprotocols().size(), new HashSet<>(offer.subprotocols()).size(), "unique subprotocols");
        offer.subprotocols().forEach(p -> assertTrue(HttpTokens.isToken(p), "subprotocol is a token: " + p));
        assertEquals(ExtensionSpec.parseHeader(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS)), offer.extensions());
        List<String> origins = headers.values(HeaderNames.ORIGIN);
        assertEquals(origins.isEmpty() ? null : origins.get(0).strip(), offer.origin());
    }

    /** The 101 answer to this offer, with the chosen subprotocol and deflate, passes the client's checks. */
    private static void checkClientAcceptsTheAnswer(UpgradeOffer offer, int subprotocolChoice, boolean noContextTakeover)
            throws HandshakeFailure {
        String chosen = subprotocolChoice >= 0 && subprotocolChoice < offer.subprotocols().size()
                ? offer.subprotocols().get(subprotocolChoice) : null;
        List<ExtensionSpec> accepted = new ArrayList<>();
        DeflateNegotiation.accept(offer.extensions(), noContextTakeover).ifPresent(a -> accepted.add(a.response()));
        TestHeaders answer = new TestHeaders();
        ServerHandshake.upgradeHeaders().forEach(answer::add);
        ServerHandshake.responseHeaders(offer, chosen, accepted).forEach(answer::add);
        AcceptedUpgrade response = ClientHandshake.validateResponse(101, answer, offer.key(), offer.subprotocols(),
                offer.extensions());
        assertEquals(chosen, response.subprotocol());
        assertEquals(accepted, response.extensions());
        assertNotEquals(null, answer.values(HeaderNames.SEC_WEBSOCKET_ACCEPT));
    }

    /** An independent reading of a #token list: comma-separated, optional whitespace, ASCII case ignored. */
    private static boolean containsToken(List<String> lines, String token) {
        for (String line : lines) {
            for (String element : line.split(",", -1)) {
                if (element.strip().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
