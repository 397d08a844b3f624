package dev.wharf.servlet;

import dev.wharf.server.HandshakePolicy;
import dev.wharf.session.CallbackThreads;
import dev.wharf.session.ContainerDefaults;
import dev.wharf.session.SessionServices;
import jakarta.servlet.ServletContext;
import java.util.function.LongConsumer;

/**
 * Container defaults from servlet-context init parameters ({@code <context-param>} in web.xml or
 * {@code ServletContext.setInitParameter}). Every name and default is listed in the README's configuration table.
 */
final class InitParameters {

    static final String PREFIX = "dev.wharf.";
    static final String MAX_IDLE_TIMEOUT = PREFIX + "maxIdleTimeout";
    static final String MAX_TEXT_MESSAGE_BUFFER_SIZE = PREFIX + "maxTextMessageBufferSize";
    static final String MAX_BINARY_MESSAGE_BUFFER_SIZE = PREFIX + "maxBinaryMessageBufferSize";
    static final String ASYNC_SEND_TIMEOUT = PREFIX + "asyncSendTimeout";
    static final String BLOCKING_SEND_TIMEOUT = PREFIX + "blockingSendTimeout";
    static final String MAX_SEND_QUEUE_BYTES = PREFIX + "maxSendQueueBytes";
    static final String MAX_SEND_QUEUE_BYTES_TOTAL = PREFIX + "maxSendQueueBytesTotal";
    static final String MAX_INBOUND_BYTES_TOTAL = PREFIX + "maxInboundBytesTotal";
    static final String MAX_FRAME_SIZE = PREFIX + "maxFrameSize";
    static final String CLOSE_TIMEOUT = PREFIX + "closeTimeout";
    static final String MAX_THREADS = PREFIX + "maxThreads";
    /** {@code auto} (default), {@code virtual} or {@code platform}; also a system property (CallbackThreads). */
    static final String CALLBACK_THREADS = CallbackThreads.PROPERTY;
    static final String PERMESSAGE_DEFLATE = PREFIX + "permessageDeflate";
    static final String PERMESSAGE_DEFLATE_NO_CONTEXT_TAKEOVER = PREFIX + "permessageDeflate.noContextTakeover";
    static final String PERMESSAGE_DEFLATE_SERVER_MAX_WINDOW_BITS = PREFIX + "permessageDeflate.serverMaxWindowBits";
    static final String PERMESSAGE_DEFLATE_CLIENT_MAX_WINDOW_BITS = PREFIX + "permessageDeflate.clientMaxWindowBits";
    static final String PERMESSAGE_DEFLATE_LEVEL = PREFIX + "permessageDeflate.level";
    static final String PERMESSAGE_DEFLATE_MEM_LEVEL = PREFIX + "permessageDeflate.memLevel";
    static final String ALLOWED_ORIGINS = PREFIX + "allowedOrigins";
    static final String METRICS = PREFIX + "metrics";
    static final String COALESCE_REPLIES = PREFIX + "coalesceReplies";
    static final String UPGRADE_FILTER_AFTER_APPLICATION_FILTERS = PREFIX + "upgradeFilterAfterApplicationFilters";
    static final String ROOMS_BROKER = PREFIX + "rooms.broker";
    static final String ATTACHMENTS_DIR = PREFIX + "attachments.dir";
    static final String PING_INTERVAL = PREFIX + "pingInterval";
    static final String PONG_TIMEOUT = PREFIX + "pongTimeout";
    /** {@code native} (default: the host's own hand-over where Wharf has one) or {@code servlet}; also a system property. */
    static final String TRANSPORT = PREFIX + "transport";

    private InitParameters() {
    }

    /** The defaults with every init parameter the context sets applied; a malformed value fails start-up. */
    static ContainerDefaults defaults(ServletContext context) {
        ContainerDefaults d = new ContainerDefaults();
        apply(context, MAX_IDLE_TIMEOUT, d::maxIdleTimeoutMs);
        apply(context, MAX_TEXT_MESSAGE_BUFFER_SIZE, v -> d.maxTextMessageBufferSize(toInt(MAX_TEXT_MESSAGE_BUFFER_SIZE, v)));
        apply(context, MAX_BINARY_MESSAGE_BUFFER_SIZE,
                v -> d.maxBinaryMessageBufferSize(toInt(MAX_BINARY_MESSAGE_BUFFER_SIZE, v)));
        apply(context, ASYNC_SEND_TIMEOUT, d::asyncSendTimeoutMs);
        apply(context, BLOCKING_SEND_TIMEOUT, d::blockingSendTimeoutMs);
        apply(context, MAX_SEND_QUEUE_BYTES, d::maxSendQueueBytes);
        apply(context, MAX_SEND_QUEUE_BYTES_TOTAL, d::maxSendQueueBytesTotal);
        apply(context, MAX_INBOUND_BYTES_TOTAL, d::maxInboundBytesTotal);
        apply(context, MAX_FRAME_SIZE, d::maxFrameSize);
        apply(context, CLOSE_TIMEOUT, d::closeTimeoutMs);
        apply(context, PERMESSAGE_DEFLATE_LEVEL, v -> d.deflateLevel(toInt(PERMESSAGE_DEFLATE_LEVEL, v)));
        apply(context, PERMESSAGE_DEFLATE_MEM_LEVEL, v -> d.deflateMemLevel(toInt(PERMESSAGE_DEFLATE_MEM_LEVEL, v)));
        applyBoolean(context, METRICS, d::metricsEnabled);
        applyBoolean(context, COALESCE_REPLIES, d::coalesceReplies);
        String callbackThreads = context.getInitParameter(CALLBACK_THREADS);
        if (callbackThreads != null && !callbackThreads.isBlank()) {
            d.callbackThreads(CallbackThreads.parse(callbackThreads));
        }
        return d;
    }

    /** The handshake policy (origins, deflate agreement) with the context's init parameters applied. */
    static HandshakePolicy policy(ServletContext context) {
        HandshakePolicy p = new HandshakePolicy();
        applyBoolean(context, PERMESSAGE_DEFLATE, p::deflateEnabled);
        applyBoolean(context, PERMESSAGE_DEFLATE_NO_CONTEXT_TAKEOVER, p::deflateNoContextTakeover);
        apply(context, PERMESSAGE_DEFLATE_SERVER_MAX_WINDOW_BITS, v -> p.deflateServerMaxWindowBits(
                toInt(PERMESSAGE_DEFLATE_SERVER_MAX_WINDOW_BITS, v)));
        apply(context, PERMESSAGE_DEFLATE_CLIENT_MAX_WINDOW_BITS, v -> p.deflateClientMaxWindowBits(
                toInt(PERMESSAGE_DEFLATE_CLIENT_MAX_WINDOW_BITS, v)));
        String origins = context.getInitParameter(ALLOWED_ORIGINS);
        if (origins != null) {
            p.allowedOrigins(allowedOrigins(origins));
        }
        return p;
    }

    /** Whether the upgrade filter is mapped after the application's own filters (default: before them). */
    static boolean upgradeFilterAfterApplicationFilters(ServletContext context) {
        boolean[] after = {false};
        applyBoolean(context, UPGRADE_FILTER_AFTER_APPLICATION_FILTERS, v -> after[0] = v);
        return after[0];
    }

    /**
     * Whether {@link #TRANSPORT} (init parameter, else system property of the same name) asks for the servlet
     * upgrade even where a native one exists; anything but {@code native} or {@code servlet} fails start-up.
     */
    static boolean servletTransportForced(ServletContext context) {
        String value = context.getInitParameter(TRANSPORT);
        if (value == null || value.isBlank()) {
            value = System.getProperty(TRANSPORT);
        }
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "native" -> false;
            case "servlet" -> true;
            default -> throw new IllegalArgumentException(TRANSPORT + " must be native or servlet, not '" + value
                    + "'");
        };
    }

    static int maxThreads(ServletContext context) {
        int[] threads = {SessionServices.DEFAULT_MAX_THREADS};
        apply(context, MAX_THREADS, v -> {
            if (v < 1) {
                throw new IllegalArgumentException(MAX_THREADS + " must be at least 1, not " + v);
            }
            threads[0] = toInt(MAX_THREADS, v);
        });
        return threads[0];
    }

    private static void apply(ServletContext context, String name, LongConsumer setter) {
        String value = context.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            setter.accept(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("init parameter " + name + " must be a whole number, not '"
                    + value + "'");
        }
    }

    private static void applyBoolean(ServletContext context, String name, java.util.function.Consumer<Boolean> setter) {
        String value = context.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> setter.accept(true);
            case "false" -> setter.accept(false);
            default -> throw new IllegalArgumentException("init parameter " + name + " must be true or false, not '"
                    + value + "'");
        }
    }

    /**
     * Comma-separated host names, or origins whose host is taken ({@code https://app.example.com}), or {@code *};
     * anything else fails start-up rather than silently allowing nothing.
     */
    static java.util.Set<String> allowedOrigins(String value) {
        java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
        for (String item : value.split(",")) {
            String entry = item.strip().toLowerCase(java.util.Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String host;
            try {
                host = entry.equals("*") ? "*" : entry.contains("://") ? new java.net.URI(entry).getHost() : entry;
            } catch (java.net.URISyntaxException e) {
                host = null;
            }
            if (host == null || !host.equals("*") && !host.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) {
                throw new IllegalArgumentException("init parameter " + ALLOWED_ORIGINS + " must list host names, origins"
                        + " or *, not '" + item.strip() + "'");
            }
            hosts.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        }
        return hosts;
    }

    private static int toInt(String name, long value) {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("init parameter " + name + " is out of range: " + value);
        }
        return (int) value;
    }
}
