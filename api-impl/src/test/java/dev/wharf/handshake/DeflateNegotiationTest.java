package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 §7.1: permessage-deflate parameters, server and client side. */
class DeflateNegotiationTest {

    private static List<ExtensionSpec> header(String value) {
        return ExtensionSpec.parseHeader(List.of(value));
    }

    /** The response header value the server sends for {@code offers}, or null when it declines them all. */
    private static String serverAnswer(String offers, boolean noContextTakeover) {
        return DeflateNegotiation.accept(header(offers), noContextTakeover)
                .map(a -> a.response().toHeaderValue()).orElse(null);
    }

    @Test
    @DisplayName("RFC 7692 §7.1: a bare offer is accepted bare, with context takeover both ways")
    void bareOffer() {
        DeflateNegotiation.Agreement a = DeflateNegotiation.accept(header("permessage-deflate"), false).orElseThrow();
        assertEquals("permessage-deflate", a.response().toHeaderValue());
        assertFalse(a.serverNoContextTakeover());
        assertFalse(a.clientNoContextTakeover());
        assertEquals(15, a.serverMaxWindowBits());
        assertEquals(15, a.clientMaxWindowBits());
    }

    @Test
    @DisplayName("RFC 7692 §7.1.1: no_context_takeover parameters are accepted by echoing them")
    void contextTakeoverParameters() {
        assertEquals("permessage-deflate; server_no_context_takeover",
                serverAnswer("permessage-deflate; server_no_context_takeover", false));
        assertEquals("permessage-deflate; client_no_context_takeover",
                serverAnswer("permessage-deflate; client_no_context_takeover", false));
        DeflateNegotiation.Agreement both = DeflateNegotiation.accept(
                header("permessage-deflate; client_no_context_takeover; server_no_context_takeover"), false).orElseThrow();
        assertTrue(both.serverNoContextTakeover() && both.clientNoContextTakeover());
    }

    @Test
    @DisplayName("RFC 7692 §7.1.1: a server forcing no context takeover adds both parameters unasked")
    void serverForcesNoContextTakeover() {
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                serverAnswer("permessage-deflate", true));
    }

    @Test
    @DisplayName("RFC 7692 §7.1.2.2: client_max_window_bits is answered only when the server limits the window")
    void clientMaxWindowBits() {
        assertEquals("permessage-deflate", serverAnswer("permessage-deflate; client_max_window_bits", false));
        DeflateNegotiation.Agreement a = DeflateNegotiation.accept(
                header("permessage-deflate; client_max_window_bits=10"), false).orElseThrow();
        assertEquals("permessage-deflate; client_max_window_bits=10", a.response().toHeaderValue());
        assertEquals(10, a.clientMaxWindowBits(), "the client compresses with at most the window it offered");
        assertEquals(9, DeflateNegotiation.accept(
                header("permessage-deflate; client_max_window_bits=\"9\""), false).orElseThrow().clientMaxWindowBits(),
                "a quoted value is the same value (RFC 7692 §7.1)");
        DeflateNegotiation.Agreement limited = DeflateNegotiation.accept(
                header("permessage-deflate; client_max_window_bits"), false, 15, 12).orElseThrow();
        assertEquals("permessage-deflate; client_max_window_bits=12", limited.response().toHeaderValue());
        assertEquals(12, limited.clientMaxWindowBits());
        DeflateNegotiation.Agreement unasked = DeflateNegotiation.accept(header("permessage-deflate"), false, 15, 12)
                .orElseThrow();
        assertEquals("permessage-deflate", unasked.response().toHeaderValue(),
                "a client that did not offer the parameter cannot be told a window");
        assertEquals(15, unasked.clientMaxWindowBits());
    }

    @Test
    @DisplayName("RFC 7692 §7.1.2.1: every server_max_window_bits 8-15 is accepted and answered with at most its value")
    void serverMaxWindowBits() {
        for (int bits = 8; bits <= 15; bits++) {
            DeflateNegotiation.Agreement a = DeflateNegotiation.accept(
                    header("permessage-deflate; server_max_window_bits=" + bits), false, 12, 15).orElseThrow();
            assertEquals(Math.min(bits, 12), a.serverMaxWindowBits(), "bits " + bits);
            assertEquals("permessage-deflate; server_max_window_bits=" + Math.min(bits, 12),
                    a.response().toHeaderValue());
            assertNull(DeflateNegotiation.whyDeclined(header("permessage-deflate; server_max_window_bits=" + bits).get(0)));
        }
    }

    @Test
    @DisplayName("RFC 7692 §7.1.2.1: a server with a smaller window states it even when not asked")
    void serverStatesItsWindowUnasked() {
        assertEquals("permessage-deflate; server_max_window_bits=11",
                DeflateNegotiation.accept(header("permessage-deflate"), false, 11, 15).orElseThrow()
                        .response().toHeaderValue());
        assertEquals("permessage-deflate", serverAnswer("permessage-deflate", false), "15 bits: nothing to state");
    }

    @Test
    @DisplayName("RFC 7692 §5.1: several offers in preference order: the first acceptable one wins")
    void firstAcceptableOfferWins() {
        String offers = "x-other, permessage-deflate; server_max_window_bits=16,"
                + " permessage-deflate; bogus, permessage-deflate; client_no_context_takeover, permessage-deflate";
        assertEquals("permessage-deflate; client_no_context_takeover", serverAnswer(offers, false));
        assertNull(serverAnswer("x-other; a=1", false), "nothing offered");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=true",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=015",
        "permessage-deflate; client_max_window_bits=0x0f",
        "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; unknown_parameter",
    })
    @DisplayName("RFC 7692 §7: invalid or repeated parameters decline the offer (not the handshake)")
    void invalidOffersDeclined(String offer) {
        assertNull(serverAnswer(offer, false));
        assertEquals("permessage-deflate", serverAnswer(offer + ", permessage-deflate", false),
                "the next offer is still considered");
    }

    // ---- client side ----

    @Test
    @DisplayName("client offer: never client_max_window_bits, optional context-takeover parameters")
    void clientOffer() {
        assertEquals("permessage-deflate", DeflateNegotiation.offer(false, false).toHeaderValue());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                DeflateNegotiation.offer(true, true).toHeaderValue());
    }

    @Test
    @DisplayName("client accepts valid responses, including parameters a server may add unasked")
    void clientAcceptsValidResponses() {
        ExtensionSpec offer = DeflateNegotiation.offer(false, false);
        assertEquals(Optional.empty(), DeflateNegotiation.acceptResponse(offer, List.of()));
        DeflateNegotiation.Agreement a = DeflateNegotiation.acceptResponse(offer,
                header("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9"))
                .orElseThrow();
        assertTrue(a.serverNoContextTakeover() && a.clientNoContextTakeover());
        assertEquals(9, a.serverMaxWindowBits(), "we inflate any window");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate; client_max_window_bits=15",
        "permessage-deflate; x=1",
        "permessage-deflate; server_max_window_bits=5",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate, permessage-deflate",
    })
    @DisplayName("RFC 7692 §7.1: a client fails the connection on an invalid response")
    void clientRejectsInvalidResponses(String response) {
        ExtensionSpec offer = DeflateNegotiation.offer(false, false);
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.acceptResponse(offer, header(response)));
    }

    @Test
    @DisplayName("RFC 7692 §7.1.1.1: an offered server_no_context_takeover must be in the response")
    void offeredServerNoContextTakeoverMustBeAccepted() {
        ExtensionSpec offer = DeflateNegotiation.offer(false, true);
        assertThrows(IllegalArgumentException.class,
                () -> DeflateNegotiation.acceptResponse(offer, header("permessage-deflate")));
    }

    @Test
    @DisplayName("the server's own response reads back as the same agreement")
    void agreementOfOwnResponse() {
        DeflateNegotiation.Agreement a = DeflateNegotiation.accept(
                header("permessage-deflate; client_no_context_takeover; server_max_window_bits=15"), false).orElseThrow();
        DeflateNegotiation.Agreement back = DeflateNegotiation.agreementOf(a.response());
        assertEquals(a.serverNoContextTakeover(), back.serverNoContextTakeover());
        assertEquals(a.clientNoContextTakeover(), back.clientNoContextTakeover());
        assertEquals(15, back.serverMaxWindowBits());
    }
}
