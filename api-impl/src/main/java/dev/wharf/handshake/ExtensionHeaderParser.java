package dev.wharf.handshake;

import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent reader for RFC 6455 §9.1:
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]   ; unescaped quoted value must be a token
 * </pre>
 *
 * with RFC 7230's optional whitespace around every delimiter and empty list elements tolerated. One instance reads
 * one header line.
 */
final class ExtensionHeaderParser {

    private final String line;
    private int pos;

    private ExtensionHeaderParser(String line) {
        this.line = line;
    }

    static List<ExtensionSpec> parse(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of(); // most handshakes offer no extension: no list to fill
        }
        List<ExtensionSpec> out = new ArrayList<>();
        for (String line : lines) {
            new ExtensionHeaderParser(line).readList(out);
        }
        return out;
    }

    private void readList(List<ExtensionSpec> out) {
        int before = out.size();
        while (true) {
            skipWhitespace();
            if (atEnd()) {
                break;
            }
            if (peek() == ',') { // an empty element, RFC 7230 §7
                pos++;
                continue;
            }
            out.add(readExtension());
            skipWhitespace();
            if (atEnd()) {
                break;
            }
            expect(',');
        }
        if (out.size() == before) {
            throw fail("no extension in header value");
        }
    }

    private ExtensionSpec readExtension() {
        String name = readToken("extension name");
        List<ExtensionSpec.Parameter> parameters = new ArrayList<>();
        skipWhitespace();
        while (!atEnd() && peek() == ';') {
            pos++;
            skipWhitespace();
            String paramName = readToken("parameter name");
            String value = null;
            skipWhitespace();
            if (!atEnd() && peek() == '=') {
                pos++;
                skipWhitespace();
                value = !atEnd() && peek() == '"' ? readQuotedToken(paramName) : readToken("value of " + paramName);
                skipWhitespace();
            }
            parameters.add(new ExtensionSpec.Parameter(paramName, value));
        }
        return new ExtensionSpec(name, parameters);
    }

    private String readToken(String what) {
        int start = pos;
        while (!atEnd() && HttpTokens.isTchar(peek())) {
            pos++;
        }
        if (start == pos) {
            throw fail(atEnd() ? "missing " + what : "unexpected " + describe(peek()) + " where " + what + " expected");
        }
        return line.substring(start, pos);
    }

    private String readQuotedToken(String paramName) {
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw fail("unterminated quoted value of " + paramName);
            }
            char c = line.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (atEnd() || !HttpTokens.isQuotable(peek())) {
                    throw fail("bad escape in quoted value of " + paramName);
                }
                c = line.charAt(pos++);
            } else if (!HttpTokens.isQdtext(c)) {
                throw fail("control character in quoted value of " + paramName);
            }
            value.append(c);
        }
        String unquoted = value.toString();
        if (!HttpTokens.isToken(unquoted)) {
            throw fail("quoted value of " + paramName + " is not a token once unquoted (RFC 6455 §9.1)");
        }
        return unquoted;
    }

    private void expect(char c) {
        if (atEnd() || peek() != c) {
            throw fail(atEnd() ? "expected '" + c + "' at end" : "unexpected " + describe(peek()) + ", expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (!atEnd() && HttpTokens.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= line.length();
    }

    private char peek() {
        return line.charAt(pos);
    }

    // Keeps the reason on one printable line whatever the peer sent.
    private static String describe(char c) {
        return c > 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("malformed Sec-WebSocket-Extensions: " + what + " at offset " + pos);
    }
}
