package dev.wharf.handshake;

import java.util.List;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name and its parameters, in
 * order.
 */
public record ExtensionSpec(String name, List<Parameter> parameters) {

    /** An extension parameter; {@code value} is null for a bare parameter such as {@code client_no_context_takeover}. */
    public record Parameter(String name, String value) {
        public Parameter {
            if (!HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("extension parameter name '" + name + "' is not an HTTP token");
            }
            // Any value can be written as a quoted-string except one with control characters: refusing them here
            // keeps CR and LF out of the header we write.
            if (value != null && !value.chars().allMatch(c -> c != 0x7F && HttpTokens.isQuotable((char) c))) {
                throw new IllegalArgumentException("extension parameter '" + name + "' has a control character in its value");
            }
        }
    }

    public ExtensionSpec {
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("extension name '" + name + "' is not an HTTP token");
        }
        parameters = List.copyOf(parameters);
    }

    public ExtensionSpec(String name) {
        this(name, List.of());
    }

    /**
     * Parses every {@code Sec-WebSocket-Extensions} header line, in order, into one list (RFC 6455 §9.1: lines may be
     * split or combined freely). Quoted parameter values are unescaped.
     *
     * @throws IllegalArgumentException with a one-line reason if any line breaks the §9.1 grammar
     */
    public static List<ExtensionSpec> parseHeader(List<String> headerLines) {
        return ExtensionHeaderParser.parse(headerLines);
    }

    /** All of {@code extensions} as one header value, {@code "a; x=1, b"}. */
    public static String format(List<ExtensionSpec> extensions) {
        StringBuilder out = new StringBuilder();
        for (ExtensionSpec extension : extensions) {
            if (out.length() > 0) {
                out.append(", ");
            }
            extension.appendTo(out);
        }
        return out.toString();
    }

    /** This extension as a header value element: tokens bare, other parameter values as quoted-strings. */
    public String toHeaderValue() {
        return appendTo(new StringBuilder()).toString();
    }

    /** The value of the first parameter named {@code name}, or null if absent or bare. */
    public String parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** Whether an extension called {@code name} is in {@code extensions}; names compare exactly, as registered. */
    static boolean isNamedIn(List<ExtensionSpec> extensions, String name) {
        for (ExtensionSpec extension : extensions) {
            if (extension.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private StringBuilder appendTo(StringBuilder out) {
        out.append(name);
        for (Parameter p : parameters) {
            out.append("; ").append(p.name());
            if (p.value() != null) {
                out.append('=').append(HttpTokens.tokenOrQuoted(p.value()));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }
}
