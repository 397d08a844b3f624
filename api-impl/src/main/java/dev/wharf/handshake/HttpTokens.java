package dev.wharf.handshake;

/** RFC 7230 §3.2.6 character classes: {@code token}, {@code quoted-string}, and optional whitespace. */
final class HttpTokens {

    private HttpTokens() {
    }

    /** {@code tchar}: visible ASCII except the delimiters {@code (),/:;<=>?@[\]{}"}. */
    static boolean isTchar(char c) {
        if (c <= 0x20 || c >= 0x7F) {
            return false;
        }
        return "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** {@code token = 1*tchar}. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code OWS}: space or horizontal tab. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code qdtext}: what may stand unescaped between the quotes of a quoted-string. */
    static boolean isQdtext(char c) {
        return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)
                || (c >= 0x80 && c <= 0xFF);
    }

    /** What may follow a backslash in a {@code quoted-pair}: HTAB, SP, VCHAR or obs-text. */
    static boolean isQuotable(char c) {
        return c == '\t' || (c >= 0x20 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    /** {@code value} bare when it is a token, else as a quoted-string with {@code "} and {@code \} escaped. */
    static String tokenOrQuoted(String value) {
        if (isToken(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Peer-supplied text made safe for a one-line reason: control characters replaced, length capped. */
    static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return s.length() > 200 ? out.append("...").toString() : out.toString();
    }
}
