package dev.wharf.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A server endpoint path: a relative URI or a level-1 URI template whose variables replace whole segments
 * (spec 3.1.1). Immutable.
 */
final class UriTemplate {

    private final String path;
    /** Each segment's literal text, or null where the segment is a variable. */
    private final String[] literals;
    /** Each segment's variable name, or null where the segment is literal. */
    private final String[] variables;

    private UriTemplate(String path, String[] literals, String[] variables) {
        this.path = path;
        this.literals = literals;
        this.variables = variables;
    }

    /**
     * Parses and validates an endpoint path.
     *
     * @throws IllegalArgumentException naming the rule the path breaks
     */
    static UriTemplate parse(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/' [WSC-3.1.1]");
        }
        if (path.contains("//") || path.contains("/../") || path.contains("/./")
                || path.endsWith("/..") || path.endsWith("/.")) {
            throw new IllegalArgumentException(
                    "path '" + path + "' must not contain '//', '/../' or '/./' [WSC-3.1.1]");
        }
        String[] segments = split(path);
        String[] literals = new String[segments.length];
        String[] variables = new String[segments.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}") && s.length() > 2) {
                String name = s.substring(1, s.length() - 1);
                if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("path '" + path + "': bad variable '" + s + "'");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(
                            "path '" + path + "' uses variable '" + name + "' more than once [WSC-3.1.1]");
                }
                variables[i] = name;
            } else if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0) {
                throw new IllegalArgumentException("path '" + path
                        + "': a variable must replace a whole segment, not '" + s + "' [WSC-3.1.1]");
            } else {
                literals[i] = s;
            }
        }
        return new UriTemplate(path, literals, variables);
    }

    /** The segments of a path; "/" has one empty segment, "/a/b/" has "a", "b", "". */
    static String[] split(String path) {
        return path.substring(1).split("/", -1);
    }

    String path() {
        return path;
    }

    int segmentCount() {
        return literals.length;
    }

    /** The literal at {@code index}, or null if that segment is a variable. */
    String literal(int index) {
        return literals[index];
    }

    boolean isVariable(int index) {
        return variables[index] != null;
    }

    String variable(int index) {
        return variables[index];
    }

    boolean hasVariables() {
        for (String v : variables) {
            if (v != null) {
                return true;
            }
        }
        return false;
    }

    /** The variable names in order. */
    List<String> variableNames() {
        List<String> names = new ArrayList<>();
        for (String v : variables) {
            if (v != null) {
                names.add(v);
            }
        }
        return names;
    }

    /**
     * Whether two templates match exactly the same URIs (spec 3.1.1: an application may not hold two such paths):
     * same literals in the same places, variables in the same places whatever their names.
     */
    boolean isEquivalentTo(UriTemplate other) {
        if (other.literals.length != literals.length) {
            return false;
        }
        for (int i = 0; i < literals.length; i++) {
            if (isVariable(i) != other.isVariable(i)) {
                return false;
            }
            if (!isVariable(i) && !literals[i].equals(other.literals[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-decodes one raw request path segment (RFC 3986 §2.1; the bytes as UTF-8, malformed sequences replaced;
     * '+' stays '+', as it does in paths), or null when a '%' is not followed by two hex digits: such a segment is
     * not a valid path, so it matches no endpoint. (URLDecoder threw for "%zz" and "%4", which escaped the upgrade
     * filter as a server error, and read "%-0" as a NUL byte; found by UriTemplateFuzzTest.)
     */
    static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] bytes = new byte[raw.length() * 3]; // at most three UTF-8 bytes per char (a surrogate pair: 4 for 2)
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexDigit(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                byte[] utf8 = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, n, utf8.length);
                n += utf8.length;
                i = end - 1;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    @Override
    public String toString() {
        return path;
    }
}
