package dev.wharf.server;

/**
 * A handshake request that has its request URI as text and parses it into a {@code java.net.URI} only if asked
 * ({@code HandshakeRequest.getRequestURI()}): the session keeps the text alone (see {@code SessionInfo}), so a
 * handshake whose configurator never asks needs no parse (issue #20).
 */
public interface RequestUriText {

    /** The request URI with its query string, as text that {@code URI.create} accepts. */
    String requestUriText();
}
