package dev.wharf.servlet;

import dev.wharf.handshake.HandshakeRefusal;
import dev.wharf.handshake.ServerHandshake;
import dev.wharf.handshake.UpgradeOffer;
import dev.wharf.metrics.HandshakeMeters;
import dev.wharf.server.EndpointMatch;
import dev.wharf.server.Negotiation;
import dev.wharf.server.WharfServerContainer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns WebSocket handshakes for deployed endpoint paths into upgraded connections; every other request goes on to
 * the application untouched.
 */
final class UpgradeFilter implements Filter {

    private final WharfServerContainer container;
    private final ClassLoader loader;
    private final HttpSessionSockets httpSessions;
    private final HostUpgrade hostUpgrade;
    private final HandshakeMeters handshakes;

    UpgradeFilter(WharfServerContainer container, ClassLoader loader, HttpSessionSockets httpSessions,
                  HostUpgrade hostUpgrade) {
        this.container = container;
        this.loader = loader;
        this.httpSessions = httpSessions;
        this.hostUpgrade = hostUpgrade;
        this.handshakes = container.meters().handshakes();
    }

    /**
     * Servlet containers initialise filters after every listener's {@code contextInitialized}: the application's
     * own deployment of endpoints is over, and from now on a failed {@code addEndpoint} no longer halts it. Usually
     * already said by the initializer's listener, which runs after the application's own.
     */
    @Override
    public void init(FilterConfig config) {
        container.applicationStarted();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && resp instanceof HttpServletResponse response
                && container.hasEndpoints()
                && ServerHandshake.isUpgradeRequest(name -> ServletHandshakeRequest.headerValues(request, name))) {
            EndpointMatch match = container.match(applicationPath(request));
            if (match != null) {
                upgrade(request, response, match);
                return;
            }
            chain.doFilter(req, resp);
            if (response.getStatus() == HttpServletResponse.SC_NOT_FOUND) {
                handshakes.recordRefused(HttpServletResponse.SC_NOT_FOUND); // no endpoint, nor anything else, here
            }
            return;
        }
        chain.doFilter(req, resp);
    }

    /** Validates, negotiates and upgrades; refuses with a status and a one-line reason otherwise. */
    void upgrade(HttpServletRequest request, HttpServletResponse response, EndpointMatch match) throws IOException {
        long startNanos = System.nanoTime();
        ServletHandshakeRequest handshake = new ServletHandshakeRequest(request, match.pathParameters());
        Negotiation negotiation;
        try {
            UpgradeOffer offer = ServerHandshake.validate(request.getMethod(), request.getProtocol(), handshake);
            negotiation = container.negotiate(match, handshake, offer, request.isSecure());
        } catch (HandshakeRefusal refusal) {
            refuse(response, refusal.status(), refusal.reason(), refusal.headers());
            return;
        }
        if (negotiation.applicationSawRequest()) {
            handshake.detach(); // the application may read it after the upgrade
        }
        negotiation.responseHeaders().forEach((name, values) -> {
            for (int i = 0; i < values.size(); i++) {
                if (i == 0) {
                    response.setHeader(name, values.get(i));
                } else {
                    response.addHeader(name, values.get(i));
                }
            }
        });
        // Set, never add: hosts that write these themselves (Jetty) then still send each exactly once.
        ServerHandshake.upgradeHeaders().forEach(response::setHeader);
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        SessionStart start = new SessionStart(container, negotiation, loader, httpSessions,
                request.getSession(false));
        try {
            hostUpgrade.upgrade(request, response, start);
            handshakes.recordAccepted(System.nanoTime() - startNanos);
        } catch (HostUpgrade.Unavailable e) {
            response.reset();
            refuse(response, 500, e.getMessage(), Map.of());
        }
    }

    private void refuse(HttpServletResponse response, int status, String reason, Map<String, String> headers)
            throws IOException {
        handshakes.recordRefused(status);
        headers.forEach(response::setHeader);
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The raw (still percent-encoded) request path after the context path. */
    static String applicationPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon); // drop ;jsessionid=… path parameters
        }
        return path.isEmpty() ? "/" : path;
    }
}
