package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionSpecTest {

    private static ExtensionSpec.Parameter param(String name, String value) {
        return new ExtensionSpec.Parameter(name, value);
    }

    private static List<ExtensionSpec> parse(String... lines) {
        return ExtensionSpec.parseHeader(List.of(lines));
    }

    @Test
    @DisplayName("RFC 6455 §9.1: a bare extension name")
    void parsesABareName() {
        assertEquals(List.of(new ExtensionSpec("deflate-stream")), parse("deflate-stream"));
    }

    @Test
    @DisplayName("RFC 6455 §9.1: parameters with and without values")
    void parsesParametersWithAndWithoutValues() {
        assertEquals(List.of(new ExtensionSpec("permessage-deflate",
                        List.of(param("client_no_context_takeover", null), param("server_max_window_bits", "10")))),
                parse("permessage-deflate; client_no_context_takeover; server_max_window_bits=10"));
    }

    @Test
    @DisplayName("RFC 6455 §9.1: a quoted value is unescaped")
    void unquotesQuotedValues() {
        assertEquals(List.of(new ExtensionSpec("x", List.of(param("a", "10"), param("b", "xy")))),
                parse("x; a=\"10\"; b=\"x\\y\""));
    }

    @Test
    @DisplayName("RFC 6455 §9.1 examples: several extensions in one line, folded, and across lines")
    void parsesListsAndSeveralLines() {
        List<ExtensionSpec> expected = List.of(
                new ExtensionSpec("mux", List.of(param("max-channels", "4"), param("flow-control", null))),
                new ExtensionSpec("deflate-stream"));
        assertEquals(expected, parse("mux; max-channels=4; flow-control, deflate-stream"));
        assertEquals(expected, parse("mux; max-channels=4; flow-control", "deflate-stream"));
    }

    @Test
    @DisplayName("RFC 6455 §9.1: 'foo' + 'bar; baz=2' on two lines equals 'foo, bar; baz=2'")
    void twoLinesEqualOneCombinedLine() {
        assertEquals(parse("foo, bar; baz=2"), parse("foo", "bar; baz=2"));
    }

    @Test
    @DisplayName("RFC 6455 §4.3 implied *LWS and RFC 7230 §7 empty elements")
    void toleratesWhitespaceAndEmptyElements() {
        assertEquals(List.of(new ExtensionSpec("a", List.of(param("x", "1"), param("y", "2"))), new ExtensionSpec("b")),
                parse(" \ta\t;x = 1 ;  y=\"2\"  , , b ,"));
    }

    @Test
    void parsesNothingFromNoLines() {
        assertEquals(List.of(), ExtensionSpec.parseHeader(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                         // 1#extension: at least one
        " , ",
        ";x=1",                     // empty extension name
        "a;",                       // empty parameter name
        "a; =1",
        "a; x=",                    // empty value
        "a; x=\"1",                 // unterminated quote
        "a; x=\"\"",                // empty after unquoting: not a token
        "a; x=\"1 2\"",             // quoted value must be a token once unquoted
        "a; x=\"a,b\"",
        "a; x=1 2",
        "a b",
        "a; x=1; y=\"\u0001\"",     // control character
        "a/b",                      // '/' is not a tchar
        "a@b",
        "a; x=[1]",
        "a; x=1\"2\"",
        "a; x=\"1\\",               // escape at end
        "é",                        // not ASCII
    })
    @DisplayName("RFC 6455 §9.1: malformed values are rejected with a one-line reason")
    void rejectsMalformedValues(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(value));
        assertTrue(e.getMessage().startsWith("malformed Sec-WebSocket-Extensions"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    @DisplayName("One malformed line spoils the whole header")
    void rejectsIfAnyLineIsMalformed() {
        assertThrows(IllegalArgumentException.class, () -> parse("foo", "bar;"));
    }

    @Test
    @DisplayName("Writing: tokens bare, other values quoted and escaped")
    void formatsTokensBareAndOthersQuoted() {
        ExtensionSpec spec = new ExtensionSpec("x-ext",
                List.of(param("flag", null), param("n", "15"), param("s", "a b"), param("q", "say \"hi\\\"")));
        assertEquals("x-ext; flag; n=15; s=\"a b\"; q=\"say \\\"hi\\\\\\\"\"", spec.toHeaderValue());
        assertEquals("x-ext; flag; n=15; s=\"a b\"; q=\"say \\\"hi\\\\\\\"\", y",
                ExtensionSpec.format(List.of(spec, new ExtensionSpec("y"))));
        assertEquals("", ExtensionSpec.format(List.of()));
    }

    @Test
    @DisplayName("Round trip: format then parse gives back the same extensions")
    void roundTrips() {
        List<ExtensionSpec> extensions = List.of(
                new ExtensionSpec("permessage-deflate",
                        List.of(param("client_max_window_bits", null), param("server_max_window_bits", "12"))),
                new ExtensionSpec("x-webkit-deflate-frame"),
                new ExtensionSpec("x", List.of(param("a", "b"))));
        assertEquals(extensions, ExtensionSpec.parseHeader(List.of(ExtensionSpec.format(extensions))));
        assertEquals(extensions, parse(extensions.get(0).toHeaderValue(), extensions.get(1).toHeaderValue(),
                extensions.get(2).toHeaderValue()));
    }

    @Test
    @DisplayName("Names must be tokens and values may not carry control characters (no header injection)")
    void rejectsInvalidConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new ExtensionSpec(""));
        assertThrows(IllegalArgumentException.class, () -> new ExtensionSpec("a b"));
        assertThrows(IllegalArgumentException.class, () -> param("a;b", null));
        assertThrows(IllegalArgumentException.class, () -> param("a", "1\r\nX-Evil: 1"));
    }

    @Test
    void findsParametersByName() {
        ExtensionSpec spec = parse("permessage-deflate; server_max_window_bits=10; client_no_context_takeover").get(0);
        assertEquals("10", spec.parameter("server_max_window_bits"));
        assertEquals(null, spec.parameter("client_no_context_takeover"));
        assertEquals(null, spec.parameter("absent"));
    }
}
