package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerHandshakeTest {

    private static HandshakeRefusal refusal(String method, String protocol, HeaderLookup headers) {
        return assertThrows(HandshakeRefusal.class, () -> ServerHandshake.validate(method, protocol, headers));
    }

    private static HandshakeRefusal refusal(HeaderLookup headers) {
        return refusal("GET", "HTTP/1.1", headers);
    }

    private static void assertBadRequest(HandshakeRefusal refusal, String reasonFragment) {
        assertEquals(400, refusal.status(), refusal.reason());
        assertTrue(refusal.reason().contains(reasonFragment), refusal.reason());
        assertFalse(refusal.reason().contains("\n"));
        assertEquals(Map.of(), refusal.headers());
    }

    // ---- the RFC example, byte for byte ---------------------------------------------------------------------

    @Test
    @DisplayName("RFC 6455 §1.3: the example request is accepted and its offer read")
    void acceptsTheRfcExampleRequest() throws HandshakeRefusal {
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", TestHeaders.rfcExampleRequest());

        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", offer.key());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", offer.acceptValue());
        assertEquals(List.of("chat", "superchat"), offer.subprotocols());
        assertEquals(List.of(), offer.extensions());
        assertEquals("http://example.com", offer.origin());
    }

    @Test
    @DisplayName("RFC 6455 §1.3: the example 101 response, header for header and in order")
    void writesTheRfcExampleResponse() throws HandshakeRefusal {
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", TestHeaders.rfcExampleRequest());

        StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        ServerHandshake.upgradeHeaders().forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));
        ServerHandshake.responseHeaders(offer, "chat", List.of())
                .forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));

        assertEquals("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                + "Sec-WebSocket-Protocol: chat\r\n", response.toString());
    }

    @Test
    @DisplayName("RFC 6455 §4.2.2: no subprotocol chosen and no extension means no such header")
    void omitsUnchosenOptions() throws HandshakeRefusal {
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", TestHeaders.rfcExampleRequest());

        assertEquals(List.of("Sec-WebSocket-Accept"),
                new ArrayList<>(ServerHandshake.responseHeaders(offer, null, List.of()).keySet()));
    }

    // ---- request line ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "get", "CONNECT"})
    @DisplayName("RFC 6455 §4.2.1 item 1: only GET; others are 400 (no Allow: this layer does not know the resource)")
    void refusesOtherMethodsWith400(String method) {
        assertBadRequest(refusal(method, "HTTP/1.1", TestHeaders.rfcExampleRequest()), "GET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.0", "HTTP/0.9", "HTTP/x", "SPDY/3", ""})
    @DisplayName("RFC 6455 §4.2.1 item 1: HTTP/1.1 or later")
    void refusesOlderHttpWith400(String protocol) {
        assertBadRequest(refusal("GET", protocol, TestHeaders.rfcExampleRequest()), "HTTP/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.2", "HTTP/2", "HTTP/2.0"})
    void acceptsHttp11AndLater(String protocol) throws HandshakeRefusal {
        assertAcceptedExample(ServerHandshake.validate("GET", protocol, TestHeaders.rfcExampleRequest()));
    }

    /** The offer of an accepted variant of the RFC 6455 §1.3 example: its key answered as the RFC computes it. */
    private static void assertAcceptedExample(UpgradeOffer offer) {
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", offer.key());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", offer.acceptValue());
    }

    // ---- Upgrade and Connection -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "WebSocket", "WEBSOCKET", "h2c, websocket"})
    @DisplayName("RFC 6455 §4.2.1 item 3: Upgrade lists websocket, ASCII case-insensitively")
    void acceptsUpgradeInAnyCase(String upgrade) throws HandshakeRefusal {
        TestHeaders headers = TestHeaders.rfcExampleRequest().set("Upgrade", upgrade);
        assertTrue(ServerHandshake.isUpgradeRequest(headers));
        ServerHandshake.validate("GET", "HTTP/1.1", headers);
    }

    @Test
    @DisplayName("A request without Upgrade, or upgrading to something else, is not a WebSocket request")
    void tellsNonUpgradeRequestsApart() {
        assertFalse(ServerHandshake.isUpgradeRequest(TestHeaders.of("Host", "example.com")));
        assertFalse(ServerHandshake.isUpgradeRequest(TestHeaders.of("Upgrade", "h2c", "Connection", "Upgrade")));
    }

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 3: validate refuses a missing or foreign Upgrade with 400")
    void refusesMissingUpgradeWith400() {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().remove("Upgrade")), "Upgrade");
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().set("Upgrade", "h2c")), "Upgrade");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upgrade", "upgrade", "keep-alive, Upgrade", "Upgrade,keep-alive", " keep-alive ,  UPGRADE "})
    @DisplayName("RFC 6455 §4.2.1 item 4: Connection is a token list that includes upgrade")
    void acceptsConnectionTokenLists(String connection) throws HandshakeRefusal {
        TestHeaders headers = TestHeaders.rfcExampleRequest().set("Connection", connection);
        assertTrue(ServerHandshake.isUpgradeRequest(headers));
        assertAcceptedExample(ServerHandshake.validate("GET", "HTTP/1.1", headers));
    }

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 4 with RFC 7230 §3.2.2: Connection split across two header lines")
    void acceptsConnectionSplitAcrossLines() throws HandshakeRefusal {
        TestHeaders headers = TestHeaders.rfcExampleRequest().set("Connection", "keep-alive").add("Connection", "Upgrade");
        assertTrue(ServerHandshake.isUpgradeRequest(headers));
        assertAcceptedExample(ServerHandshake.validate("GET", "HTTP/1.1", headers));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keep-alive", "close", "upgraded", "Upgrade-Insecure"})
    @DisplayName("RFC 6455 §4.2.1 item 4: a Connection without the upgrade token is 400")
    void refusesConnectionWithoutUpgrade(String connection) {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().set("Connection", connection)), "Connection");
    }

    @Test
    void refusesMissingConnection() {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().remove("Connection")), "Connection");
    }

    // ---- Sec-WebSocket-Key ----------------------------------------------------------------------------------

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 5: a missing key is 400")
    void refusesMissingKey() {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().remove("Sec-WebSocket-Key")), "Sec-WebSocket-Key is missing");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 17, 32})
    @DisplayName("RFC 6455 §4.2.1 item 5: a key that is not 16 bytes is 400")
    void refusesKeysOfOtherLengths(int length) {
        String key = Base64.getEncoder().encodeToString(new byte[length]);
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().set("Sec-WebSocket-Key", key)),
                "Sec-WebSocket-Key is not a base64-encoded 16-byte nonce");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!!!!!!=", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhl*HNhbXBsZSBub25jZQ=="})
    @DisplayName("RFC 6455 §4.3: a key that is not padded base64 is 400")
    void refusesKeysThatAreNotBase64(String key) {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().set("Sec-WebSocket-Key", key)),
                "Sec-WebSocket-Key is not a base64-encoded 16-byte nonce");
    }

    @Test
    @DisplayName("RFC 6455 §11.3.1: Sec-WebSocket-Key twice is 400, even if both are valid")
    void refusesKeyTwice() {
        TestHeaders headers = TestHeaders.rfcExampleRequest().add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        assertBadRequest(refusal(headers), "more than once");
    }

    @Test
    @DisplayName("RFC 6455 §1.3: surrounding whitespace of the key is not part of it")
    void trimsTheKey() throws HandshakeRefusal {
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1",
                TestHeaders.rfcExampleRequest().set("Sec-WebSocket-Key", " dGhlIHNhbXBsZSBub25jZQ== "));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", offer.key());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", offer.acceptValue());
    }

    // ---- Sec-WebSocket-Version ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"8", "12", "14", "13, 8", "", "thirteen"})
    @DisplayName("RFC 6455 §4.2.2 /version/, §4.4: another version is 426 with Sec-WebSocket-Version: 13")
    void answersOtherVersionsWith426(String version) {
        HandshakeRefusal refusal = refusal(TestHeaders.rfcExampleRequest().set("Sec-WebSocket-Version", version));
        assertEquals(426, refusal.status());
        assertEquals(Map.of("Sec-WebSocket-Version", "13"), refusal.headers());
        assertTrue(refusal.reason().contains("Sec-WebSocket-Version"), refusal.reason());
    }

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 6: a missing version is 426 with Sec-WebSocket-Version: 13")
    void answersMissingVersionWith426() {
        HandshakeRefusal refusal = refusal(TestHeaders.rfcExampleRequest().remove("Sec-WebSocket-Version"));
        assertEquals(426, refusal.status());
        assertEquals(Map.of("Sec-WebSocket-Version", "13"), refusal.headers());
        assertTrue(refusal.reason().contains("missing"), refusal.reason());
    }

    @Test
    @DisplayName("RFC 6455 §11.3.5: Sec-WebSocket-Version twice in a request is 400")
    void refusesVersionTwice() {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().add("Sec-WebSocket-Version", "13")), "more than once");
    }

    // ---- subprotocols, extensions, origin -------------------------------------------------------------------

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 8: subprotocols from all lines, in order")
    void readsSubprotocolsFromAllLines() throws HandshakeRefusal {
        TestHeaders headers = TestHeaders.rfcExampleRequest().add("Sec-WebSocket-Protocol", "v2.chat ,mqtt");
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", headers);
        assertEquals(List.of("chat", "superchat", "v2.chat", "mqtt"), offer.subprotocols());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat, super chat", "chat/1", "\"chat\"", "", " , "})
    @DisplayName("RFC 6455 §4.1 item 10: Sec-WebSocket-Protocol is 1#token, else 400")
    void refusesMalformedSubprotocols(String value) {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().set("Sec-WebSocket-Protocol", value)),
                "Sec-WebSocket-Protocol");
    }

    @Test
    @DisplayName("RFC 6455 §4.1 item 10: offered subprotocols must be unique")
    void refusesDuplicateSubprotocols() {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().add("Sec-WebSocket-Protocol", "chat")), "twice");
    }

    @Test
    @DisplayName("RFC 6455 §9.1: offered extensions are parsed from all lines")
    void readsExtensions() throws HandshakeRefusal {
        TestHeaders headers = TestHeaders.rfcExampleRequest()
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
                .add("Sec-WebSocket-Extensions", "x-foo");
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", headers);
        assertEquals(List.of(
                new ExtensionSpec("permessage-deflate", List.of(new ExtensionSpec.Parameter("client_max_window_bits", null))),
                new ExtensionSpec("x-foo")), offer.extensions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; x=\"unterminated", ";x=1", "a b", "foo; bar=\"a b\""})
    @DisplayName("RFC 6455 §4.2.1, §9.1: a malformed Sec-WebSocket-Extensions is 400")
    void refusesMalformedExtensions(String value) {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().add("Sec-WebSocket-Extensions", value)),
                "Sec-WebSocket-Extensions");
    }

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 7: Origin is optional")
    void originIsNullWhenAbsent() throws HandshakeRefusal {
        assertNull(ServerHandshake.validate("GET", "HTTP/1.1", TestHeaders.rfcExampleRequest().remove("Origin")).origin());
    }

    @Test
    @DisplayName("RFC 6454 §7.3: two Origin fields are 400")
    void refusesTwoOrigins() {
        assertBadRequest(refusal(TestHeaders.rfcExampleRequest().add("Origin", "http://evil.example")), "Origin");
    }

    // ---- the 101 answer -------------------------------------------------------------------------------------

    @Test
    @DisplayName("RFC 6455 §4.2.2 /subprotocol/: the chosen subprotocol must have been offered")
    void refusesToChooseAnUnofferedSubprotocol() throws HandshakeRefusal {
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", TestHeaders.rfcExampleRequest());
        assertThrows(IllegalArgumentException.class, () -> ServerHandshake.responseHeaders(offer, "mqtt", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ServerHandshake.responseHeaders(offer, "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ServerHandshake.responseHeaders(offer, "CHAT", List.of()));
    }

    @Test
    @DisplayName("RFC 6455 §9: accepted extensions are written on one line, and must have been offered")
    void writesAcceptedExtensions() throws HandshakeRefusal {
        TestHeaders headers = TestHeaders.rfcExampleRequest()
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-foo");
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", headers);
        ExtensionSpec deflate = new ExtensionSpec("permessage-deflate",
                List.of(new ExtensionSpec.Parameter("client_max_window_bits", "10")));

        Map<String, String> response = ServerHandshake.responseHeaders(offer, null, List.of(deflate, new ExtensionSpec("x-foo")));
        assertEquals("permessage-deflate; client_max_window_bits=10, x-foo", response.get("Sec-WebSocket-Extensions"));

        assertThrows(IllegalArgumentException.class,
                () -> ServerHandshake.responseHeaders(offer, null, List.of(new ExtensionSpec("x-bar"))));
        assertThrows(IllegalArgumentException.class,
                () -> ServerHandshake.responseHeaders(offer, null, List.of(deflate, deflate)));
    }

    @Test
    @DisplayName("A reason never carries the peer's line breaks")
    void keepsReasonsOnOneLine() {
        HandshakeRefusal refusal = refusal(TestHeaders.rfcExampleRequest().set("Sec-WebSocket-Version", "7\r\nX-Evil: 1"));
        assertEquals(426, refusal.status());
        assertFalse(refusal.reason().contains("\n") || refusal.reason().contains("\r"), refusal.reason());
    }
}
