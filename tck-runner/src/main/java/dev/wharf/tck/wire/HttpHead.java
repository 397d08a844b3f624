package dev.wharf.tck.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The status line and header fields of an HTTP/1.1 response, read byte by byte so nothing after them is consumed. */
public record HttpHead(int status, String statusLine, List<String[]> fields) {

    /** Reads up to and including the blank line; fails on end of stream or a head longer than 64 KiB. */
    static HttpHead read(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        List<String> lines = new ArrayList<>();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the end of the HTTP response head");
            }
            if (++total > 65_536) {
                throw new IOException("HTTP response head longer than 64 KiB");
            }
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                String text = line.substring(0, end);
                line.setLength(0);
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
            } else {
                line.append((char) b);
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("empty HTTP response head");
        }
        String statusLine = lines.get(0);
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        List<String[]> fields = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                fields.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
            }
        }
        return new HttpHead(status, statusLine, fields);
    }

    /** The first value of a header field, compared case-insensitively by name. */
    public Optional<String> field(String name) {
        return fields.stream().filter(f -> f[0].equalsIgnoreCase(name)).map(f -> f[1]).findFirst();
    }

    /** Whether the comma-separated field {@code name} contains {@code token}, case-insensitively. */
    public boolean fieldHasToken(String name, String token) {
        return fields.stream().filter(f -> f[0].equalsIgnoreCase(name))
                .flatMap(f -> List.of(f[1].split(",")).stream())
                .anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT)));
    }

    static String bytesToAscii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
