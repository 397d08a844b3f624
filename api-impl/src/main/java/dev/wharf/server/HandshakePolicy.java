package dev.wharf.server;

import dev.wharf.handshake.DeflateNegotiation;
import dev.wharf.handshake.ExtensionSpec;
import dev.wharf.session.NegotiatedExtension;
import jakarta.websocket.Extension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's handshake policy beyond what an endpoint's configurator decides: which origins may connect besides
 * the server's own host, and whether and how permessage-deflate (RFC 7692) is agreed. Set before the first
 * handshake (the servlet bridge applies the {@code dev.wharf.permessageDeflate*} and {@code dev.wharf.allowedOrigins}
 * init parameters); a change affects handshakes that start afterwards. The compression level and memory level are
 * not policy but compressor tuning, and stay in {@link dev.wharf.session.ContainerDefaults}.
 *
 * <p>Every value is documented with its default in the README's configuration table; keep the two in step.
 */
public final class HandshakePolicy {

    /** See {@link #deflateServerMaxWindowBits()}. */
    public static final int DEFAULT_DEFLATE_WINDOW_BITS = 12;

    private volatile boolean deflateEnabled = true;
    private volatile boolean deflateNoContextTakeover;
    private volatile int deflateServerMaxWindowBits = DEFAULT_DEFLATE_WINDOW_BITS;
    private volatile int deflateClientMaxWindowBits = DEFAULT_DEFLATE_WINDOW_BITS;
    private volatile Set<String> allowedOrigins = Set.of();

    /** Whether the server offers permessage-deflate (RFC 7692) to clients that ask; default true. */
    public boolean deflateEnabled() {
        return deflateEnabled;
    }

    public void deflateEnabled(boolean value) {
        deflateEnabled = value;
    }

    /**
     * Whether the server keeps no compression context between messages in either direction (it answers with
     * {@code server_no_context_takeover} and {@code client_no_context_takeover}): less memory per idle connection
     * (none, instead of up to a window's history each way), less compression for similar consecutive messages.
     * Default false.
     */
    public boolean deflateNoContextTakeover() {
        return deflateNoContextTakeover;
    }

    public void deflateNoContextTakeover(boolean value) {
        deflateNoContextTakeover = value;
    }

    /**
     * The permessage-deflate window, in bits, the server compresses with at most (RFC 7692 §7.1.2.1; stated in its
     * response): with context takeover a connection keeps this much of what it sent, 2^bits bytes, between
     * messages. Default 12 (4 KiB): on chat-like JSON messages it keeps about 90% of the saving a 32 KiB window
     * gives (docs/DEFLATE.md has the figures). 8 to 15.
     */
    public int deflateServerMaxWindowBits() {
        return deflateServerMaxWindowBits;
    }

    public void deflateServerMaxWindowBits(int bits) {
        deflateServerMaxWindowBits = windowBits(bits);
    }

    /**
     * The permessage-deflate window, in bits, asked of clients that offer {@code client_max_window_bits} (RFC 7692
     * §7.1.2.2; browsers do): with context takeover the server keeps this much of what it received. Clients that do
     * not offer the parameter compress with up to 15 bits, and their connections keep up to 32 KiB. Default 12.
     */
    public int deflateClientMaxWindowBits() {
        return deflateClientMaxWindowBits;
    }

    public void deflateClientMaxWindowBits(int bits) {
        deflateClientMaxWindowBits = windowBits(bits);
    }

    private static int windowBits(int bits) {
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException("deflate window bits must be 8 to 15, not " + bits);
        }
        return bits;
    }

    /**
     * Hosts (lower case) whose pages may open WebSockets besides the server's own host, or {@code *} for every
     * origin; read by the default origin check. Default: none, only the host the client addressed.
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    public void allowedOrigins(Set<String> hosts) {
        allowedOrigins = Set.copyOf(hosts);
    }

    /**
     * RFC 7692 §7.1: turns the permessage-deflate element the configurator chose into the response that states the
     * agreed parameters, or drops it when no acceptable offer remains (or deflate is switched off). The configurator
     * decides by what it returns: nothing (refused), one of the client's offers (that one, or the first acceptable
     * offer after it, since the default configurator picks the first by name), or an element of its own (narrowed:
     * it is accepted like an offer, e.g. adding {@code server_no_context_takeover}). Other extensions pass through.
     */
    List<Extension> agreeDeflate(List<Extension> chosen, List<ExtensionSpec> offered) {
        List<Extension> result = new ArrayList<>(chosen.size());
        boolean deflateSeen = false;
        for (Extension e : chosen) {
            if (!e.getName().equals(DeflateNegotiation.NAME)) {
                result.add(e);
                continue;
            }
            if (deflateSeen || !deflateEnabled) {
                continue;
            }
            deflateSeen = true;
            ExtensionSpec pick = NegotiatedExtension.toSpecs(List.of(e)).get(0);
            List<ExtensionSpec> offers = offered.stream().filter(o -> o.name().equals(DeflateNegotiation.NAME)).toList();
            int at = offers.indexOf(pick);
            List<ExtensionSpec> candidates = at >= 0 ? offers.subList(at, offers.size()) : List.of(pick);
            DeflateNegotiation.accept(candidates, deflateNoContextTakeover, deflateServerMaxWindowBits,
                            deflateClientMaxWindowBits)
                    .ifPresent(agreement -> result.addAll(NegotiatedExtension.fromSpecs(List.of(agreement.response()))));
        }
        return result;
    }
}
