package dev.wharf.bench.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) as one load connection agreed it: raw DEFLATE, sync-flushed, the final
 * {@code 00 00 ff ff} removed on the way out and put back on the way in. One {@link Deflater} and one
 * {@link Inflater}, made on first use and reset per message where the agreement keeps no context. Confined to the
 * connection's thread.
 */
final class MessageDeflate {

    /** A compressed message inflating past this fails the connection. */
    private static final int MAX_INFLATED = 64 << 20;

    private final boolean clientNoContextTakeover;
    private final boolean serverNoContextTakeover;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] compressed;
    private byte[] inflated;

    private MessageDeflate(boolean clientNoContextTakeover, boolean serverNoContextTakeover) {
        this.clientNoContextTakeover = clientNoContextTakeover;
        this.serverNoContextTakeover = serverNoContextTakeover;
    }

    /**
     * Checks the server's extension response against what was offered (RFC 7692 §7.1).
     *
     * @throws ConnectionProblem if it is not an acceptable answer to {@code offer}
     */
    static MessageDeflate agree(DeflateOffer offer, String header) throws ConnectionProblem {
        String[] elements = header.split(",");
        if (offer.header == null) {
            throw new ConnectionProblem("server answered extensions that were not offered: " + header);
        }
        if (elements.length != 1) {
            throw new ConnectionProblem("more than one extension in the response: " + header);
        }
        String[] parts = elements[0].split(";");
        if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
            throw new ConnectionProblem("unknown extension in the response: " + header);
        }
        boolean serverNoContext = false;
        boolean clientNoContext = offer == DeflateOffer.NO_CONTEXT_TAKEOVER;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')).trim() : p;
            String value = p.contains("=") ? p.substring(p.indexOf('=') + 1).trim().replace("\"", "") : null;
            switch (name) {
                case "server_no_context_takeover" -> serverNoContext = true;
                case "client_no_context_takeover" -> clientNoContext = true;
                case "client_max_window_bits" -> { // see DeflateOffer.BROWSER
                    if (offer != DeflateOffer.BROWSER || value == null || !value.matches("8|9|1[0-5]")) {
                        throw new ConnectionProblem("unexpected or bad client_max_window_bits in the response: "
                                + header);
                    }
                }
                case "server_max_window_bits" -> { // any window from 8 to 15 inflates with a 15-bit one
                    int bits;
                    try {
                        bits = value == null ? -1 : Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        bits = -1;
                    }
                    if (bits < 8 || bits > 15) {
                        throw new ConnectionProblem("bad server_max_window_bits in the response: " + header);
                    }
                }
                default -> throw new ConnectionProblem("unexpected permessage-deflate parameter in the response: "
                        + header);
            }
        }
        if (!serverNoContext && offer == DeflateOffer.NO_CONTEXT_TAKEOVER) {
            throw new ConnectionProblem("server dropped server_no_context_takeover, which was offered"
                    + " (RFC 7692 §7.1.1.1): " + header);
        }
        return new MessageDeflate(clientNoContext, serverNoContext);
    }

    /** RFC 7692 §7.2.1 into {@link #compressed()}; returns its length (without the final {@code 00 00 ff ff}). */
    int compress(byte[] payload, int length) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            compressed = new byte[Math.max(256, length + 64)];
        } else if (clientNoContextTakeover) {
            deflater.reset(); // every message stands alone
        }
        deflater.setInput(payload, 0, length);
        int n = 0;
        while (true) {
            if (n == compressed.length) {
                compressed = Arrays.copyOf(compressed, compressed.length * 2);
            }
            n += deflater.deflate(compressed, n, compressed.length - n, Deflater.SYNC_FLUSH);
            if (n < compressed.length && deflater.needsInput()) {
                break;
            }
        }
        // A sync flush ends with an empty stored block: 00 00 ff ff, which the sender removes.
        if (n < 4 || compressed[n - 4] != 0 || compressed[n - 3] != 0 || compressed[n - 2] != (byte) 0xFF
                || compressed[n - 1] != (byte) 0xFF) {
            throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
        }
        return n - 4;
    }

    /** The last message {@link #compress} compressed. */
    byte[] compressed() {
        return compressed;
    }

    /**
     * RFC 7692 §7.2.2: inflates a message whose {@code 00 00 ff ff} tail the caller put back (at the end of
     * {@code length}) into {@link #inflated()}.
     *
     * @return the inflated length
     */
    int inflate(byte[] message, int length) throws ConnectionProblem {
        if (inflater == null) {
            inflater = new Inflater(true);
            inflated = new byte[Math.max(1024, length * 4)];
        } else if (serverNoContextTakeover || inflater.finished()) {
            inflater.reset();
        }
        inflater.setInput(message, 0, length);
        int n = 0;
        try {
            while (true) {
                if (n == inflated.length) {
                    if (n >= MAX_INFLATED) {
                        throw new ConnectionProblem("compressed message inflates past " + MAX_INFLATED + " bytes");
                    }
                    inflated = Arrays.copyOf(inflated, inflated.length * 2);
                }
                int k = inflater.inflate(inflated, n, inflated.length - n);
                n += k;
                if (n < inflated.length && (inflater.needsInput() || inflater.finished())) {
                    break;
                }
                if (k == 0 && n < inflated.length && inflater.needsDictionary()) {
                    throw new ConnectionProblem("compressed message needs a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new ConnectionProblem("compressed message does not inflate: " + e.getMessage());
        }
        return n;
    }

    /** The last message {@link #inflate} inflated. */
    byte[] inflated() {
        return inflated;
    }

    /** Frees the codecs' native memory. */
    void end() {
        if (deflater != null) {
            deflater.end();
        }
        if (inflater != null) {
            inflater.end();
        }
    }
}
