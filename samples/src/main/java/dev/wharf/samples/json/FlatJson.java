package dev.wharf.samples.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough JSON for {@link Note}: one object whose members are all strings. Hand-written so the sample shows the
 * codec contract rather than a library; anything else (numbers, nesting, arrays) is refused with the position.
 */
final class FlatJson {

    private final String in;
    private int pos;

    private FlatJson(String in) {
        this.in = in;
    }

    /** Parses {@code {"a": "x", "b": "y"}}; throws {@link IllegalArgumentException} naming what was wrong where. */
    static Map<String, String> parseObject(String json) {
        FlatJson p = new FlatJson(json);
        Map<String, String> members = new LinkedHashMap<>();
        p.expect('{');
        if (!p.consume('}')) {
            do {
                String key = p.string();
                p.expect(':');
                if (members.put(key, p.string()) != null) {
                    throw p.error("duplicate member \"" + key + "\"");
                }
            } while (p.consume(','));
            p.expect('}');
        }
        p.skipSpace();
        if (p.pos != json.length()) {
            throw p.error("text after the object");
        }
        return members;
    }

    /** {@code "text"} with the escapes JSON requires (RFC 8259 §7). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= in.length()) {
                break;
            }
            char e = in.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw error("bad escape \\" + e);
            }
        }
        throw error("unterminated string");
    }

    private char unicodeEscape() {
        if (pos + 4 > in.length()) {
            throw error("short \\u escape");
        }
        try {
            char c = (char) Integer.parseInt(in.substring(pos, pos + 4), 16);
            pos += 4;
            return c;
        } catch (NumberFormatException e) {
            throw error("bad \\u escape");
        }
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private boolean consume(char c) {
        skipSpace();
        if (pos < in.length() && in.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < in.length() && " \t\r\n".indexOf(in.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos);
    }
}
