package dev.wharf.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The default origin check of spec 3.1.4 [WSC-3.1.4-1]: a handshake whose {@code Origin} host cannot be verified
 * fails. Verified means the origin is a real {@code scheme://host[:port]} (not {@code null}, which browsers send for
 * sandboxed and file pages) whose host is the host the client asked for in {@code Host}, or one the application
 * allowed ({@code dev.wharf.allowedOrigins}; {@code *} allows every origin). A handshake without {@code Origin} has
 * nothing to verify: only browsers must send it (RFC 6455 §4.2.1, §10.2), and a browser always does.
 *
 * <p>The configurator API hands {@code checkOrigin} the header value alone, so the handshake's {@code Host} reaches
 * the default check (also when a custom configurator calls {@code super.checkOrigin}) through a thread-local set
 * only while the container runs {@code checkOrigin} on its own thread.
 */
final class OriginCheck {

    private record Context(String requestHost, Set<String> allowed) {
    }

    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    private OriginCheck() {
    }

    /** Runs {@code check} with the handshake's {@code Host} and the allowed hosts known to the default check. */
    static boolean during(String hostHeader, Set<String> allowed, BooleanSupplier check) {
        CURRENT.set(new Context(hostOf(hostHeader), allowed));
        try {
            return check.getAsBoolean();
        } finally {
            CURRENT.remove();
        }
    }

    /** The default verdict; outside a handshake only the absence of an origin can be accepted. */
    static boolean verify(String origin) {
        if (origin == null) {
            return true;
        }
        Context context = CURRENT.get();
        if (context == null) {
            return false;
        }
        if (context.allowed().contains("*")) {
            return true;
        }
        String host = originHost(origin);
        return host != null && (host.equals(context.requestHost()) || context.allowed().contains(host));
    }

    /** The host of a serialized origin (RFC 6454 §6.2), lower case; null if it is not one. */
    static String originHost(String origin) {
        try {
            URI uri = new URI(origin.strip());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath()
                    .isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
                return null;
            }
            return unbracket(uri.getHost()).toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The host part of a {@code Host} header value ({@code host[:port]}, IPv6 in brackets), lower case. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String value = hostHeader.strip();
        int end;
        if (value.startsWith("[")) {
            end = value.indexOf(']') + 1;
        } else {
            int colon = value.lastIndexOf(':');
            end = colon < 0 ? value.length() : colon;
        }
        return end <= 0 ? null : unbracket(value.substring(0, end)).toLowerCase(Locale.ROOT);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
