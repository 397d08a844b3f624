package dev.wharf.handshake;

import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated header lists (RFC 7230 §7, the {@code #rule}) spread over any number of header lines, as used by
 * {@code Connection}, {@code Upgrade} and {@code Sec-WebSocket-Protocol}.
 */
final class TokenList {

    private TokenList() {
    }

    /**
     * The non-empty elements of all {@code lines}, in order, trimmed of optional whitespace. Empty elements
     * ({@code "a, , b"}) are skipped, as RFC 7230 §7 requires of recipients. Elements are not checked against any
     * grammar: {@code Upgrade} elements, for one, may contain {@code /}.
     */
    static List<String> elements(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.split(",", -1)) {
                String element = part.strip();
                if (!element.isEmpty()) {
                    out.add(element);
                }
            }
        }
        return out;
    }

    /**
     * The elements of a {@code 1#token} list such as {@code Sec-WebSocket-Protocol}.
     *
     * @throws IllegalArgumentException naming the first element that is not an RFC 7230 token, or if there is none
     */
    static List<String> tokens(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of(); // the usual Sec-WebSocket-Protocol: absent
        }
        List<String> out = elements(lines);
        for (String element : out) {
            if (!HttpTokens.isToken(element)) {
                throw new IllegalArgumentException("'" + element + "' is not an HTTP token");
            }
        }
        if (out.isEmpty() && !lines.isEmpty()) {
            throw new IllegalArgumentException("empty list");
        }
        return out;
    }

    /**
     * Whether any element of {@code lines} equals {@code token} ignoring ASCII case. Scans in place: every handshake
     * asks this of {@code Connection} and {@code Upgrade}, and splitting them would allocate per element.
     */
    static boolean containsIgnoreCase(List<String> lines, String token) {
        for (int i = 0; i < lines.size(); i++) { // by index: no iterator per header
            String line = lines.get(i);
            int start = 0;
            while (start <= line.length()) {
                int comma = line.indexOf(',', start);
                int end = comma < 0 ? line.length() : comma;
                int from = start;
                int to = end;
                while (from < to && Character.isWhitespace(line.charAt(from))) {
                    from++;
                }
                while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
                    to--;
                }
                if (to - from == token.length() && line.regionMatches(true, from, token, 0, token.length())) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }
}
