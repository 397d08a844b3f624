package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

class ClientHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final List<String> OFFERED_PROTOCOLS = List.of("chat", "superchat");
    private static final List<ExtensionSpec> OFFERED_EXTENSIONS = List.of(
            new ExtensionSpec("permessage-deflate", List.of(new ExtensionSpec.Parameter("client_max_window_bits", null))),
            new ExtensionSpec("x-foo"));

    /** The RFC 6455 §1.3 server handshake. */
    private static TestHeaders rfcExampleResponse() {
        return TestHeaders.of(
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                "Sec-WebSocket-Protocol", "chat");
    }

    private static AcceptedUpgrade validate(int status, HeaderLookup headers) throws HandshakeFailure {
        return ClientHandshake.validateResponse(status, headers, KEY, OFFERED_PROTOCOLS, OFFERED_EXTENSIONS);
    }

    private static void assertFails(int status, HeaderLookup headers, String reasonFragment) {
        HandshakeFailure failure = assertThrows(HandshakeFailure.class, () -> validate(status, headers));
        assertEquals(status, failure.status());
        assertTrue(failure.reason().contains(reasonFragment), failure.reason());
    }

    // ---- the request ----------------------------------------------------------------------------------------

    @Test
    @DisplayName("RFC 6455 §4.1 item 7: the key is 16 random bytes, base64, fresh each time")
    void makesFreshSixteenByteKeys() {
        String key = ClientHandshake.newKey();
        assertEquals(16, Base64.getDecoder().decode(key).length);
        assertNotEquals(key, ClientHandshake.newKey());
    }

    @Test
    @DisplayName("RFC 6455 §1.3: the example request's WebSocket headers, in order")
    void writesTheRfcExampleRequestHeaders() {
        Map<String, String> headers = ClientHandshake.requestHeaders(KEY, OFFERED_PROTOCOLS, List.of());
        assertEquals(List.of("Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol"),
                new ArrayList<>(headers.keySet()));
        assertEquals("websocket", headers.get("Upgrade"));
        assertEquals("Upgrade", headers.get("Connection"));
        assertEquals(KEY, headers.get("Sec-WebSocket-Key"));
        assertEquals("13", headers.get("Sec-WebSocket-Version"));
        assertEquals("chat, superchat", headers.get("Sec-WebSocket-Protocol"));
    }

    @Test
    void writesExtensionsAndOmitsEmptyOffers() {
        Map<String, String> headers = ClientHandshake.requestHeaders(KEY, List.of(), OFFERED_EXTENSIONS);
        assertEquals("permessage-deflate; client_max_window_bits, x-foo", headers.get("Sec-WebSocket-Extensions"));
        assertTrue(!headers.containsKey("Sec-WebSocket-Protocol"));
        assertEquals(4, ClientHandshake.requestHeaders(KEY, List.of(), List.of()).size());
    }

    @Test
    @DisplayName("RFC 6455 §4.1 items 7 and 10: a bad key, a non-token or duplicate subprotocol is a programming error")
    void refusesToWriteInvalidRequests() {
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.requestHeaders("short", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.requestHeaders(KEY, List.of("a b"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.requestHeaders(KEY, List.of("a", "a"), List.of()));
    }

    @Test
    @DisplayName("[WSC-3.2.1] the offer read back after beforeRequest: list elements over all lines, empties skipped")
    void readsOfferedSubprotocolsBackFromHeaderLines() {
        assertEquals(List.of("chat", "super chat", "v2"),
                ClientHandshake.offeredSubprotocols(List.of(" chat ,, super chat", ",v2,")));
        assertEquals(List.of(), ClientHandshake.offeredSubprotocols(List.of(" , ")));
        assertEquals(List.of(), ClientHandshake.offeredSubprotocols(List.of()));
    }

    @Test
    @DisplayName("The request a client writes passes the server's checks")
    void clientRequestPassesServerValidation() throws HandshakeRefusal {
        String key = ClientHandshake.newKey();
        TestHeaders request = new TestHeaders();
        ClientHandshake.requestHeaders(key, OFFERED_PROTOCOLS, OFFERED_EXTENSIONS).forEach(request::add);
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", request);
        assertEquals(OFFERED_PROTOCOLS, offer.subprotocols());
        assertEquals(OFFERED_EXTENSIONS, offer.extensions());
        assertEquals(AcceptKey.of(key), offer.acceptValue());
    }

    // ---- the response ---------------------------------------------------------------------------------------

    @Test
    @DisplayName("RFC 6455 §1.3: the example response is accepted with subprotocol chat")
    void acceptsTheRfcExampleResponse() throws HandshakeFailure {
        AcceptedUpgrade response = validate(101, rfcExampleResponse());
        assertEquals("chat", response.subprotocol());
        assertEquals(List.of(), response.extensions());
    }

    @Test
    @DisplayName("A server answer written by ServerHandshake passes the client's checks")
    void serverResponsePassesClientValidation() throws HandshakeRefusal, HandshakeFailure {
        TestHeaders request = new TestHeaders();
        ClientHandshake.requestHeaders(KEY, OFFERED_PROTOCOLS, OFFERED_EXTENSIONS).forEach(request::add);
        UpgradeOffer offer = ServerHandshake.validate("GET", "HTTP/1.1", request);
        TestHeaders response = new TestHeaders();
        ServerHandshake.upgradeHeaders().forEach(response::add);
        ServerHandshake.responseHeaders(offer, "superchat", List.of(new ExtensionSpec("x-foo"))).forEach(response::add);

        AcceptedUpgrade result = validate(101, response);
        assertEquals("superchat", result.subprotocol());
        assertEquals(List.of(new ExtensionSpec("x-foo")), result.extensions());
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 301, 400, 401, 403, 404, 426, 500})
    @DisplayName("RFC 6455 §4.1: any status but 101 fails, carrying the status")
    void failsOnOtherStatuses(int status) {
        assertFails(status, rfcExampleResponse(), "101");
    }

    @Test
    @DisplayName("RFC 6455 §4.1 check 2: Upgrade must be websocket, in any case")
    void checksUpgrade() throws HandshakeFailure {
        assertFails(101, rfcExampleResponse().remove("Upgrade"), "Upgrade header is missing");
        assertFails(101, rfcExampleResponse().set("Upgrade", "h2c"), "Upgrade");
        assertFails(101, rfcExampleResponse().set("Upgrade", "websocket, h2c"), "Upgrade");
        validate(101, rfcExampleResponse().set("Upgrade", "WebSocket"));
    }

    @Test
    @DisplayName("RFC 6455 §4.1 check 3: Connection must list upgrade, in any case, on any line")
    void checksConnection() throws HandshakeFailure {
        assertFails(101, rfcExampleResponse().remove("Connection"), "Connection");
        assertFails(101, rfcExampleResponse().set("Connection", "keep-alive"), "Connection");
        validate(101, rfcExampleResponse().set("Connection", "keep-alive").add("Connection", "UPGRADE"));
    }

    @Test
    @DisplayName("RFC 6455 §4.1 check 4: Sec-WebSocket-Accept must answer our key")
    void checksAccept() throws HandshakeFailure {
        assertFails(101, rfcExampleResponse().remove("Sec-WebSocket-Accept"), "Sec-WebSocket-Accept is missing");
        assertFails(101, rfcExampleResponse().set("Sec-WebSocket-Accept", AcceptKey.of(ClientHandshake.newKey())),
                "does not match");
        assertFails(101, rfcExampleResponse().set("Sec-WebSocket-Accept", KEY), "does not match");
        assertFails(101, rfcExampleResponse().add("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
                "more than once");
        validate(101, rfcExampleResponse().set("Sec-WebSocket-Accept", " s3pPLMBiTxaQ9kYGzzhZRbK+xOo= "));
    }

    @Test
    @DisplayName("RFC 6455 §4.1 check 6: the subprotocol must be one we offered, exactly one, or none")
    void checksSubprotocol() throws HandshakeFailure {
        assertFails(101, rfcExampleResponse().set("Sec-WebSocket-Protocol", "mqtt"), "not offered");
        assertFails(101, rfcExampleResponse().set("Sec-WebSocket-Protocol", "CHAT"), "not offered");
        assertFails(101, rfcExampleResponse().set("Sec-WebSocket-Protocol", "chat, superchat"), "exactly one");
        assertFails(101, rfcExampleResponse().add("Sec-WebSocket-Protocol", "superchat"), "exactly one");
        assertFails(101, rfcExampleResponse().set("Sec-WebSocket-Protocol", ""), "exactly one");
        assertNull(validate(101, rfcExampleResponse().remove("Sec-WebSocket-Protocol")).subprotocol());
        HandshakeFailure failure = assertThrows(HandshakeFailure.class, () -> ClientHandshake.validateResponse(
                101, rfcExampleResponse(), KEY, List.of(), List.of()));
        assertTrue(failure.reason().contains("not offered"), failure.reason());
    }

    @Test
    @DisplayName("RFC 6455 §4.1 check 5: each extension must be one we offered, at most once")
    void checksExtensions() throws HandshakeFailure {
        assertFails(101, rfcExampleResponse().add("Sec-WebSocket-Extensions", "x-bar"), "x-bar, which was not offered");
        assertFails(101, rfcExampleResponse().add("Sec-WebSocket-Extensions", "x-foo, x-foo"), "twice");
        assertFails(101, rfcExampleResponse().add("Sec-WebSocket-Extensions", "x-foo;"), "malformed");

        AcceptedUpgrade response = validate(101, rfcExampleResponse()
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits=12")
                .add("Sec-WebSocket-Extensions", "x-foo"));
        assertEquals(List.of(
                new ExtensionSpec("permessage-deflate", List.of(new ExtensionSpec.Parameter("client_max_window_bits", "12"))),
                new ExtensionSpec("x-foo")), response.extensions());
    }
}
