package dev.wharf.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A handshake's request URL as the session reports it ({@code ws:} or {@code wss:}, with the query string), and
 * whether {@code java.net.URI} will surely accept it. Parsing it into a {@code URI} was a few percent of a handshake's
 * CPU and allocation on every host (issue #20) while applications rarely ask for it: a URL this check vouches for is
 * parsed only when asked; any other is parsed up front, so that a URL {@code java.net.URI} cannot represent still
 * fails the handshake, as it always did, rather than a later {@code getRequestURI()}.
 */
final class RequestUrl {

    /** {@code java.net.URI}'s unreserved characters besides letters and digits (RFC 2396 §2.3). */
    private static final String MARK = "-_.!~*'()";
    /** A registry-based authority's characters besides the unreserved and escapes (RFC 2396 §3.2.1). */
    private static final String AUTHORITY = MARK + "$,;:@&=+";
    /** A path's (RFC 2396 §3.3: pchar, ';' and '/'). */
    private static final String PATH = MARK + ":@&=+$,;/";
    /** A query's: every reserved character, brackets included as {@code java.net.URI} allows (RFC 2732). */
    private static final String QUERY = MARK + ";/?:@&=+$,[]";

    private RequestUrl() {
    }

    /** The request's URL with the ws/wss scheme and the query string. */
    static String of(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        String query = request.getQueryString();
        StringBuilder ws = new StringBuilder(url.length() + (query == null ? 0 : query.length() + 1));
        if (startsWith(url, "https")) {
            ws.append("wss").append(url, 5, url.length());
        } else if (startsWith(url, "http")) {
            ws.append("ws").append(url, 4, url.length());
        } else {
            ws.append(url);
        }
        if (query != null) {
            ws.append('?').append(query);
        }
        return ws.toString();
    }

    private static boolean startsWith(CharSequence s, String prefix) {
        if (s.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code URI.create(url)} surely succeeds: {@code ws://} or {@code wss://}, a non-empty authority made of
     * the characters a registry-based authority may hold (which {@code java.net.URI} falls back to whenever the
     * authority is not a valid host and port), a path and a query of their own characters, escapes of two hex digits,
     * no fragment. False means only "not sure" (a bracketed IPv6 host, a character outside these sets).
     */
    static boolean surelyParses(String url) {
        int i;
        if (url.startsWith("ws://")) {
            i = 5;
        } else if (url.startsWith("wss://")) {
            i = 6;
        } else {
            return false;
        }
        int start = i;
        i = scan(url, i, AUTHORITY, "/?");
        if (i < 0 || i == start) {
            return false;
        }
        if (i < url.length() && url.charAt(i) == '/') {
            i = scan(url, i, PATH, "?");
            if (i < 0) {
                return false;
            }
        }
        if (i < url.length()) { // at '?'
            i = scan(url, i + 1, QUERY, "");
        }
        return i == url.length();
    }

    /**
     * Scans from {@code from} while characters are letters, digits, {@code allowed} or escapes; returns where a
     * character of {@code stops} (or the end) was reached, or -1 at any other character or a broken escape.
     */
    private static int scan(String s, int from, String allowed, String stops) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (stops.indexOf(c) >= 0) {
                return i;
            }
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return -1;
                }
                i += 3;
                continue;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || allowed.indexOf(c) >= 0)) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
