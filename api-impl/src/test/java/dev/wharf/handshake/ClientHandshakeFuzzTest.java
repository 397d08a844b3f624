package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fuzzes the client's check of the server's answer ({@link ClientHandshake#validateResponse}, RFC 6455 §4.1) with
 * fuzzed status codes and header fields, against a fixed request (the RFC 6455 §1.3 key, two subprotocols and a
 * permessage-deflate offer). Properties:
 * <ul>
 *   <li>a rejection is a {@link HandshakeFailure} carrying the status the server sent and a one-line printable
 *       reason; any other exception is a finding;</li>
 *   <li>an accepted answer has status 101, an {@code Upgrade} of exactly websocket, a {@code Connection} listing
 *       upgrade, exactly one {@code Sec-WebSocket-Accept} equal to the key's (§4.1 items 1-4), a subprotocol that was
 *       offered (item 6) and extensions that were offered, each once (item 5).</li>
 * </ul>
 */
class ClientHandshakeFuzzTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final List<String> SUBPROTOCOLS = List.of("chat", "superchat");
    private static final List<ExtensionSpec> EXTENSIONS = List.of(DeflateNegotiation.offer(false, false),
            new ExtensionSpec("x-custom"));
    private static final int[] STATUSES = {101, 200, 301, 400, 401, 426, 500};

    @FuzzTest(maxDuration = "60s")
    void acceptsOnlyAValidAnswerToItsRequest(FuzzedDataProvider data) {
        int status = data.consumeBoolean() ? data.pickValue(STATUSES) : data.consumeInt();
        TestHeaders headers = FuzzedHeaders.from(data, 10);

        AcceptedUpgrade response;
        try {
            response = ClientHandshake.validateResponse(status, headers, KEY, SUBPROTOCOLS, EXTENSIONS);
        } catch (HandshakeFailure failure) {
            assertEquals(status, failure.status(), "the failure carries the server's status");
            assertTrue(failure.reason().chars().noneMatch(c -> c < 0x20 || c == 0x7F),
                    "one printable line: " + failure.reason());
            return;
        }
        assertEquals(101, status, "only 101 Switching Protocols upgrades");
        List<String> upgrade = elements(headers.values(HeaderNames.UPGRADE));
        assertEquals(List.of("websocket"), upgrade, "Upgrade is websocket, ASCII case ignored");
        assertTrue(elements(headers.values(HeaderNames.CONNECTION)).contains("upgrade"), "Connection lists upgrade");
        assertEquals(List.of(ACCEPT), headers.values(HeaderNames.SEC_WEBSOCKET_ACCEPT).stream().map(String::strip).toList(),
                "exactly one Sec-WebSocket-Accept, the key's");
        assertTrue(response.subprotocol() == null || SUBPROTOCOLS.contains(response.subprotocol()),
                "a subprotocol that was offered: " + response.subprotocol());
        assertEquals(headers.values(HeaderNames.SEC_WEBSOCKET_PROTOCOL).isEmpty(), response.subprotocol() == null);
        Set<String> names = new HashSet<>();
        for (ExtensionSpec e : response.extensions()) {
            assertTrue(e.name().equals(DeflateNegotiation.NAME) || e.name().equals("x-custom"), "offered: " + e);
            assertTrue(names.add(e.name()), "each extension once: " + response.extensions());
        }
        assertEquals(ExtensionSpec.parseHeader(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS)),
                response.extensions());
    }

    /** An independent reading of a #rule list: comma-separated, optional whitespace, empty elements skipped. */
    private static List<String> elements(List<String> lines) {
        return lines.stream().flatMap(l -> java.util.Arrays.stream(l.split(",", -1))).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
