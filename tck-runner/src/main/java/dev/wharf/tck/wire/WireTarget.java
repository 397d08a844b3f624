package dev.wharf.tck.wire;

import java.net.URI;
import java.time.Duration;

/**
 * The server under test.
 *
 * @param name how the summary names it, e.g. {@code jetty}
 * @param echo a plain echo endpoint: text back as text, binary back as binary, with the server's default limits
 * @param largeEcho an echo endpoint that accepts messages of at least 16 MiB (may equal {@code echo})
 * @param timeout how long to wait for each expected reaction
 */
public record WireTarget(String name, URI echo, URI largeEcho, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public static WireTarget of(String name, URI echo) {
        return new WireTarget(name, echo, echo, DEFAULT_TIMEOUT);
    }
}
