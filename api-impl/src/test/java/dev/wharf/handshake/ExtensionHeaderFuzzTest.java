package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the {@code Sec-WebSocket-Extensions} grammar (RFC 6455 §9.1, {@link ExtensionHeaderParser}) and the
 * permessage-deflate negotiation on top of it (RFC 7692 §7.1, {@link DeflateNegotiation}) with header lines as a
 * servlet container hands them over (ISO-8859-1 text). Properties:
 * <ul>
 *   <li>a malformed header fails only with {@link IllegalArgumentException} and a one-line printable reason (it goes
 *       into a 400 body); names and parameter names are tokens, values tokens (RFC 6455 §9.1: a quoted value must be
 *       a token once unquoted);</li>
 *   <li>what parses formats back to a header that parses to the same list, and lines may be split or combined
 *       freely (§9.1): parsing the lines joined by commas gives the same list;</li>
 *   <li>a server declines an offer exactly when {@code whyDeclined} gives a reason; an accepted offer's response is
 *       a valid response that a client making that offer accepts with the same agreement; the windows agreed are
 *       within both the offer and the server's (fuzzed) limits, and a client window is stated only when offered;</li>
 *   <li>a client checking a fuzzed response fails only with {@link IllegalArgumentException}, and what it accepts
 *       honours its offer.</li>
 * </ul>
 */
class ExtensionHeaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parsesFormatsAndNegotiatesConsistently(FuzzedDataProvider data) {
        boolean serverNoContextTakeover = data.consumeBoolean();
        boolean clientOfferNoContextTakeover = data.consumeBoolean();
        boolean clientAsksServerNoContextTakeover = data.consumeBoolean();
        int count = data.consumeInt(1, 3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] line = i == count - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 120));
            lines.add(new String(line, StandardCharsets.ISO_8859_1));
        }

        List<ExtensionSpec> parsed = parse(lines);
        checkLineSplitting(lines, parsed);
        if (parsed == null) {
            return;
        }
        assertTrue(!parsed.isEmpty(), "a header that parses names at least one extension");
        for (ExtensionSpec spec : parsed) {
            assertTrue(HttpTokens.isToken(spec.name()), () -> "name is a token: " + spec.name());
            for (ExtensionSpec.Parameter p : spec.parameters()) {
                assertTrue(HttpTokens.isToken(p.name()), () -> "parameter name is a token: " + p.name());
                assertTrue(p.value() == null || HttpTokens.isToken(p.value()),
                        () -> "parameter value is a token once unquoted (RFC 6455 §9.1): " + p.value());
            }
        }
        assertEquals(parsed, ExtensionSpec.parseHeader(List.of(ExtensionSpec.format(parsed))), "format then parse");

        checkServer(parsed, serverNoContextTakeover);
        checkClient(parsed, DeflateNegotiation.offer(clientOfferNoContextTakeover, clientAsksServerNoContextTakeover));
    }

    /** The parsed list, or null when the header is malformed (checking how it says so). */
    private static List<ExtensionSpec> parse(List<String> lines) {
        try {
            return ExtensionSpec.parseHeader(lines);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("malformed Sec-WebSocket-Extensions: "), e.getMessage());
            assertOneLine(e.getMessage());
            return null;
        }
    }

    /** RFC 6455 §9.1: the header may be split into several lines or combined into one with the same meaning. */
    private static void checkLineSplitting(List<String> lines, List<ExtensionSpec> parsed) {
        List<ExtensionSpec> joined = parse(List.of(String.join(",", lines)));
        if (parsed != null) {
            assertEquals(parsed, joined, "the lines joined by commas mean the same");
        } else if (joined != null) {
            // A line on its own may be empty (no extension), which a joined line tolerates as an empty element.
            assertTrue(lines.stream().anyMatch(l -> parse(List.of(l)) == null && l.chars().allMatch(c -> c == ' '
                    || c == '\t' || c == ',')), "only an empty line fails alone but not joined: " + lines);
        }
    }

    private static void checkServer(List<ExtensionSpec> offers, boolean noContextTakeover) {
        ExtensionSpec acceptedOffer = null;
        int serverLimit = 8 + (offers.hashCode() & 7);
        int clientLimit = 8 + ((offers.hashCode() >>> 3) & 7);
        for (ExtensionSpec offer : offers) {
            Optional<DeflateNegotiation.Agreement> one = DeflateNegotiation.acceptOffer(offer, noContextTakeover,
                    serverLimit, clientLimit);
            assertEquals(DeflateNegotiation.whyDeclined(offer) == null, one.isPresent(),
                    () -> "declined exactly when there is a reason: " + offer);
            if (one.isPresent() && acceptedOffer == null) {
                acceptedOffer = offer;
            }
        }
        Optional<DeflateNegotiation.Agreement> agreement = DeflateNegotiation.accept(offers, noContextTakeover,
                serverLimit, clientLimit);
        assertEquals(acceptedOffer != null, agreement.isPresent(), "the first acceptable offer is accepted");
        if (agreement.isEmpty()) {
            return;
        }
        DeflateNegotiation.Agreement a = agreement.get();
        String offeredServerBits = acceptedOffer.parameter(DeflateNegotiation.SERVER_MAX_WINDOW_BITS);
        int serverCeiling = Math.min(a.serverNoContextTakeover() ? 15 : serverLimit,
                offeredServerBits == null ? 15 : Integer.parseInt(offeredServerBits));
        assertEquals(serverCeiling, a.serverMaxWindowBits(), "RFC 7692 §7.1.2.1: within the offer and the limit");
        boolean clientBitsOffered = acceptedOffer.parameters().stream()
                .anyMatch(p -> p.name().equals(DeflateNegotiation.CLIENT_MAX_WINDOW_BITS));
        String offeredClientBits = acceptedOffer.parameter(DeflateNegotiation.CLIENT_MAX_WINDOW_BITS);
        int clientCeiling = !clientBitsOffered ? 15 : Math.min(a.clientNoContextTakeover() ? 15 : clientLimit,
                offeredClientBits == null ? 15 : Integer.parseInt(offeredClientBits));
        assertEquals(clientCeiling, a.clientMaxWindowBits(),
                () -> "RFC 7692 §7.1.2.2: a client window is limited only when offered, and only with takeover: " + a);
        ExtensionSpec response = a.response();
        assertEquals(List.of(response), ExtensionSpec.parseHeader(List.of(response.toHeaderValue())),
                "the response header parses back");
        DeflateNegotiation.Agreement stated = DeflateNegotiation.agreementOf(response);
        assertEquals(a.serverNoContextTakeover(), stated.serverNoContextTakeover(), "response states the agreement");
        assertEquals(a.clientNoContextTakeover(), stated.clientNoContextTakeover(), "response states the agreement");
        assertEquals(a.serverMaxWindowBits(), stated.serverMaxWindowBits(), "response states the agreement");
        assertEquals(a.clientMaxWindowBits(), stated.clientMaxWindowBits(), "response states the agreement");
        if (noContextTakeover) {
            assertTrue(a.serverNoContextTakeover() && a.clientNoContextTakeover(), "the server's own choice holds");
        }
        // The client that made the accepted offer must accept the answer to it (RFC 7692 §7.1).
        Optional<DeflateNegotiation.Agreement> client = DeflateNegotiation.acceptResponse(acceptedOffer, List.of(response));
        ExtensionSpec finalOffer = acceptedOffer;
        assertTrue(client.isPresent(),
                () -> "the offering client accepts the response " + response + " to " + finalOffer);
        assertEquals(a.serverNoContextTakeover(), client.get().serverNoContextTakeover());
        assertEquals(a.clientNoContextTakeover(), client.get().clientNoContextTakeover());
        assertEquals(a.serverMaxWindowBits(), client.get().serverMaxWindowBits());
        assertEquals(a.clientMaxWindowBits(), client.get().clientMaxWindowBits());
    }

    private static void checkClient(List<ExtensionSpec> response, ExtensionSpec offer) {
        Optional<DeflateNegotiation.Agreement> agreement;
        try {
            agreement = DeflateNegotiation.acceptResponse(offer, response);
        } catch (IllegalArgumentException e) {
            assertOneLine(e.getMessage());
            return;
        }
        if (agreement.isEmpty()) {
            assertTrue(response.stream().noneMatch(e -> e.name().equals(DeflateNegotiation.NAME)),
                    "declined only when the response has no permessage-deflate");
            return;
        }
        DeflateNegotiation.Agreement a = agreement.get();
        assertTrue(a.clientMaxWindowBits() >= 8 && a.clientMaxWindowBits() <= 15, "window bits 8-15");
        if (offer.parameters().stream().anyMatch(p -> p.name().equals(DeflateNegotiation.SERVER_NO_CONTEXT_TAKEOVER))) {
            assertTrue(a.serverNoContextTakeover(), "RFC 7692 §7.1.1.1: the asked server_no_context_takeover holds");
        }
        assertTrue(a.serverMaxWindowBits() >= 8 && a.serverMaxWindowBits() <= 15, "window bits 8-15");
    }

    private static void assertOneLine(String reason) {
        assertTrue(reason.chars().noneMatch(c -> c < 0x20 || c == 0x7F), "one printable line: " + reason);
    }
}
