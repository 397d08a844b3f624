package dev.wharf.tck.wire;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The suite's side of a permessage-deflate agreement (RFC 7692 §7.2): compresses what it sends, inflates what the
 * server sends. Strict on purpose: when the agreement says {@code server_no_context_takeover}, every server message
 * is inflated with a fresh inflater, so a server that keeps its context anyway produces undecodable data and fails.
 */
public final class DeflateCodec {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    /** Guard against a runaway server message while inflating. */
    private static final int MAX_INFLATED = 64 << 20;

    private final Map<String, String> params;
    private final boolean clientNoContextTakeover;
    private final boolean serverNoContextTakeover;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private Inflater inflater = new Inflater(true);

    private DeflateCodec(Map<String, String> params) {
        this.params = params;
        this.clientNoContextTakeover = params.containsKey("client_no_context_takeover");
        this.serverNoContextTakeover = params.containsKey("server_no_context_takeover");
    }

    /**
     * The agreement in a {@code Sec-WebSocket-Extensions} response value, or {@code null} if permessage-deflate was
     * not accepted. Parameter names are lower-cased; a value-less parameter maps to {@code ""}.
     */
    public static DeflateCodec fromResponse(String header) {
        if (header == null) {
            return null;
        }
        for (String element : header.split(",")) {
            String[] parts = element.split(";");
            if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String value = kv.length > 1 ? kv[1].trim().replace("\"", "") : "";
                params.put(kv[0].trim().toLowerCase(Locale.ROOT), value);
            }
            return new DeflateCodec(params);
        }
        return null;
    }

    public Map<String, String> params() {
        return params;
    }

    /** One message compressed as RFC 7692 §7.2.1 says: raw DEFLATE, sync-flushed, without the final 00 00 ff ff. */
    public byte[] compress(byte[] message) {
        if (clientNoContextTakeover) {
            deflater.reset();
        }
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 16);
        byte[] buf = new byte[16_384];
        while (true) {
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        byte[] all = out.toByteArray();
        return Payloads.slice(all, 0, all.length - TAIL.length);
    }

    /** A message compressed on its own and ended with a final (BFINAL) block, as RFC 7692 §7.2.3.4 allows. */
    public static byte[] compressWithFinalBlock(byte[] message) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(message);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16_384];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Inflates one compressed server message (RFC 7692 §7.2.2); throws if it is not valid DEFLATE data. */
    byte[] inflate(byte[] compressed) throws DataFormatException {
        if (serverNoContextTakeover) {
            inflater.end();
            inflater = new Inflater(true);
        }
        inflater.setInput(Payloads.concat(compressed, TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4 + 16);
        byte[] buf = new byte[16_384];
        while (true) {
            int n = inflater.inflate(buf);
            out.write(buf, 0, n);
            if (out.size() > MAX_INFLATED) {
                throw new DataFormatException("server message inflates past " + MAX_INFLATED + " bytes");
            }
            if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                break;
            }
        }
        if (inflater.finished()) {
            // The server ended the message with a final block: the next message starts a new stream.
            inflater.end();
            inflater = new Inflater(true);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "permessage-deflate" + params;
    }
}
