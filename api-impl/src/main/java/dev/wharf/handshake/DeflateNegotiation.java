package dev.wharf.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 7692 §7.1: the permessage-deflate parameters, for both sides of the handshake.
 *
 * <p>Server: {@link #accept(List, boolean, int, int)} takes the client's offers in order and answers the first
 * acceptable one. An offer with an unknown, repeated or malformed parameter is declined, not fatal (§7, §5.1). Every
 * legal {@code server_max_window_bits} (8-15) is accepted: our compressor honours any window. The server's own
 * window is the smaller of the offered one and its configured one, and it says so with {@code server_max_window_bits}
 * even unasked when that is below 15 (§7.1.2.1 lets it). When the client offered {@code client_max_window_bits},
 * the server may ask it for a smaller window too (§7.1.2.2): that only bounds the history kept for inflating.
 *
 * <p>Client: {@link #offer(boolean, boolean)} builds an offer, and {@link #acceptResponse(ExtensionSpec, List)}
 * checks the server's answer against it (§7.1: an invalid response fails the connection). Any window the server
 * states is honoured.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeflateNegotiation {

    public static final String NAME = "permessage-deflate";
    public static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    public static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    public static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    public static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    /** The largest window, and RFC 7692's when none is stated. */
    public static final int MAX_WINDOW_BITS = 15;

    /**
     * What both ends agreed for one connection.
     *
     * @param serverNoContextTakeover the server resets its compressor after every message
     * @param clientNoContextTakeover the client resets its compressor after every message
     * @param serverMaxWindowBits the largest LZ77 window the server compresses with, 8-15
     * @param clientMaxWindowBits the largest LZ77 window the client compresses with, 8-15
     * @param response the {@code Sec-WebSocket-Extensions} element that states the agreement
     */
    public record Agreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                            int serverMaxWindowBits, int clientMaxWindowBits, ExtensionSpec response) {
    }

    /** One offer's or response's parameters, each at most once and well-formed; window bits 0 when absent. */
    private record Parameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                              int serverMaxWindowBits, boolean clientMaxWindowBitsPresent, int clientMaxWindowBits) {
    }

    private DeflateNegotiation() {
    }

    // ---- server ----------------------------------------------------------------------------------------------

    /**
     * The agreement for the first acceptable permessage-deflate offer in {@code offered} (other extensions are
     * skipped), or empty when none is.
     *
     * @param noContextTakeover the server's own choice to keep no context in either direction: the response then
     *     carries both {@code *_no_context_takeover} parameters, which a server may add unasked (§7.1.1.1, §7.1.1.2)
     */
    public static Optional<Agreement> accept(List<ExtensionSpec> offered, boolean noContextTakeover) {
        return accept(offered, noContextTakeover, MAX_WINDOW_BITS, MAX_WINDOW_BITS);
    }

    /**
     * As {@link #accept(List, boolean)}, with the server's window limits.
     *
     * @param serverWindowBits 8-15: the largest window the server compresses with when it keeps context
     * @param clientWindowBits 8-15: the largest window the server asks of clients that offered
     *     {@code client_max_window_bits} and keep context
     */
    public static Optional<Agreement> accept(List<ExtensionSpec> offered, boolean noContextTakeover,
                                             int serverWindowBits, int clientWindowBits) {
        for (ExtensionSpec offer : offered) {
            if (offer.name().equals(NAME)) {
                Optional<Agreement> agreement = acceptOffer(offer, noContextTakeover, serverWindowBits,
                        clientWindowBits);
                if (agreement.isPresent()) {
                    return agreement;
                }
            }
        }
        return Optional.empty();
    }

    /** The agreement for this one offer, or empty when the server must decline it (see {@link #whyDeclined}). */
    public static Optional<Agreement> acceptOffer(ExtensionSpec offer, boolean noContextTakeover) {
        return acceptOffer(offer, noContextTakeover, MAX_WINDOW_BITS, MAX_WINDOW_BITS);
    }

    /** As {@link #acceptOffer(ExtensionSpec, boolean)}, with the server's window limits (see {@link #accept}). */
    public static Optional<Agreement> acceptOffer(ExtensionSpec offer, boolean noContextTakeover,
                                                  int serverWindowBits, int clientWindowBits) {
        requireWindowBits(serverWindowBits);
        requireWindowBits(clientWindowBits);
        if (whyDeclined(offer) != null) {
            return Optional.empty();
        }
        Parameters p = parse(offer);
        List<ExtensionSpec.Parameter> answer = new ArrayList<>();
        // §7.1.1.1: accepting server_no_context_takeover means including it.
        boolean serverReset = p.serverNoContextTakeover() || noContextTakeover;
        if (serverReset) {
            answer.add(new ExtensionSpec.Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        // §7.1.1.2: echoing the client's hint makes it binding, so the server can drop its inflater between messages.
        boolean clientReset = p.clientNoContextTakeover() || noContextTakeover;
        if (clientReset) {
            answer.add(new ExtensionSpec.Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        // §7.1.2.1: accepting server_max_window_bits means answering with it, at most the offered value; a server
        // may also state a smaller window than 15 unasked.
        // The limits bound what context takeover keeps between messages; without takeover nothing is kept, so the
        // full window costs nothing per connection and compresses better.
        int serverBits = Math.min(p.serverMaxWindowBits() != 0 ? p.serverMaxWindowBits() : MAX_WINDOW_BITS,
                serverReset ? MAX_WINDOW_BITS : serverWindowBits);
        if (p.serverMaxWindowBits() != 0 || serverBits < MAX_WINDOW_BITS) {
            answer.add(new ExtensionSpec.Parameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverBits)));
        }
        // §7.1.2.2: only a client that offered client_max_window_bits may be told a window; one that offered a value
        // compresses with at most that whatever the answer. Stated whenever below 15, so the response records it.
        int clientBits = MAX_WINDOW_BITS;
        if (p.clientMaxWindowBitsPresent()) {
            clientBits = Math.min(p.clientMaxWindowBits() != 0 ? p.clientMaxWindowBits() : MAX_WINDOW_BITS,
                    clientReset ? MAX_WINDOW_BITS : clientWindowBits);
            if (clientBits < MAX_WINDOW_BITS) {
                answer.add(new ExtensionSpec.Parameter(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientBits)));
            }
        }
        return Optional.of(new Agreement(serverReset, clientReset, serverBits, clientBits,
                new ExtensionSpec(NAME, answer)));
    }

    /** Why a server declines {@code offer}, or null if it can accept it. */
    public static String whyDeclined(ExtensionSpec offer) {
        if (!offer.name().equals(NAME)) {
            return "not " + NAME;
        }
        return invalidParameters(offer, true);
    }

    private static void requireWindowBits(int bits) {
        if (bits < 8 || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("window bits must be 8 to 15, not " + bits);
        }
    }

    // ---- client ----------------------------------------------------------------------------------------------

    /**
     * A client's offer: bare {@code permessage-deflate}, plus {@code client_no_context_takeover} when the client
     * will reset its compressor per message, and {@code server_no_context_takeover} when it asks the server to.
     */
    public static ExtensionSpec offer(boolean clientNoContextTakeover, boolean requestServerNoContextTakeover) {
        List<ExtensionSpec.Parameter> params = new ArrayList<>();
        if (requestServerNoContextTakeover) {
            params.add(new ExtensionSpec.Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoContextTakeover) {
            params.add(new ExtensionSpec.Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        return new ExtensionSpec(NAME, params);
    }

    /**
     * Checks the server's {@code Sec-WebSocket-Extensions} elements against our single {@code offer}: empty when the
     * server declined permessage-deflate, the agreement when it accepted it validly.
     *
     * @throws IllegalArgumentException with the reason when the response is invalid: the client must fail the
     *     connection (RFC 7692 §7.1, §5.1)
     */
    public static Optional<Agreement> acceptResponse(ExtensionSpec offer, List<ExtensionSpec> responseExtensions) {
        ExtensionSpec response = null;
        for (ExtensionSpec e : responseExtensions) {
            if (e.name().equals(NAME)) {
                if (response != null) {
                    throw new IllegalArgumentException(NAME + " accepted twice in one response");
                }
                response = e;
            }
        }
        if (response == null) {
            return Optional.empty();
        }
        Agreement agreement = agreementOf(response);
        Parameters asked = parse(offer);
        if (asked.serverNoContextTakeover() && !agreement.serverNoContextTakeover()) {
            throw new IllegalArgumentException("the response does not accept the offered " + SERVER_NO_CONTEXT_TAKEOVER
                    + " (RFC 7692 §7.1.1.1)");
        }
        if (hasParameter(response, CLIENT_MAX_WINDOW_BITS)) {
            if (!asked.clientMaxWindowBitsPresent()) {
                throw new IllegalArgumentException(CLIENT_MAX_WINDOW_BITS + " in a response to an offer without it"
                        + " (RFC 7692 §7.1.2.2)");
            }
        }
        if (asked.serverMaxWindowBits() != 0 && agreement.serverMaxWindowBits() > asked.serverMaxWindowBits()) {
            throw new IllegalArgumentException(SERVER_MAX_WINDOW_BITS + " above the offered value (RFC 7692 §7.1.2.1)");
        }
        return Optional.of(agreement);
    }

    /**
     * The agreement a permessage-deflate response element states (for a server: the one it sent).
     *
     * @throws IllegalArgumentException if the element is not a valid response (§7.1: unknown, repeated or malformed
     *     parameters, or a bare {@code client_max_window_bits})
     */
    public static Agreement agreementOf(ExtensionSpec response) {
        if (!response.name().equals(NAME)) {
            throw new IllegalArgumentException("not " + NAME + ": " + response.name());
        }
        String invalid = invalidParameters(response, false);
        if (invalid != null) {
            throw new IllegalArgumentException("invalid " + NAME + " response: " + invalid);
        }
        Parameters p = parse(response);
        return new Agreement(p.serverNoContextTakeover(), p.clientNoContextTakeover(),
                p.serverMaxWindowBits() != 0 ? p.serverMaxWindowBits() : MAX_WINDOW_BITS,
                p.clientMaxWindowBits() != 0 ? p.clientMaxWindowBits() : MAX_WINDOW_BITS, response);
    }

    // ---- parameters ------------------------------------------------------------------------------------------

    /**
     * Why the parameters are invalid (§7: each at most once, known, with a valid value), or null. A bare
     * {@code client_max_window_bits} is valid only in an offer (§7.1.2.2).
     */
    private static String invalidParameters(ExtensionSpec spec, boolean isOffer) {
        List<String> seen = new ArrayList<>();
        for (ExtensionSpec.Parameter p : spec.parameters()) {
            String name = p.name();
            if (seen.contains(name)) {
                return "parameter " + name + " repeated";
            }
            seen.add(name);
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (p.value() != null) {
                        return name + " takes no value";
                    }
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    if (windowBits(p.value()) == 0) {
                        return name + " must be 8 to 15, not " + p.value();
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (p.value() == null ? !isOffer : windowBits(p.value()) == 0) {
                        return name + (p.value() == null ? " needs a value in a response" : " must be 8 to 15, not " + p.value());
                    }
                }
                default -> {
                    return "unknown parameter " + name;
                }
            }
        }
        return null;
    }

    /** Parameters already known valid. */
    private static Parameters parse(ExtensionSpec spec) {
        return new Parameters(hasParameter(spec, SERVER_NO_CONTEXT_TAKEOVER), hasParameter(spec, CLIENT_NO_CONTEXT_TAKEOVER),
                windowBits(spec.parameter(SERVER_MAX_WINDOW_BITS)), hasParameter(spec, CLIENT_MAX_WINDOW_BITS),
                windowBits(spec.parameter(CLIENT_MAX_WINDOW_BITS)));
    }

    private static boolean hasParameter(ExtensionSpec spec, String name) {
        for (ExtensionSpec.Parameter p : spec.parameters()) {
            if (p.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** §7.1.2: a decimal 8-15 without leading zeros (quoted values arrive unquoted); 0 if absent or invalid. */
    private static int windowBits(String value) {
        if (value == null) {
            return 0;
        }
        return switch (value) {
            case "8", "9", "10", "11", "12", "13", "14", "15" -> Integer.parseInt(value);
            default -> 0;
        };
    }
}
