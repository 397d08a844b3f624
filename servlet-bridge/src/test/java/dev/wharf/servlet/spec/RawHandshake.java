package dev.wharf.servlet.spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One opening handshake over a plain socket (or a TLS one, see {@link #over}), for what the JDK client hides: response headers, refusal statuses and
 * bodies, and restricted request headers such as {@code Origin}. The connection is closed after the response head
 * (and, for a refusal, its body).
 */
final class RawHandshake {

    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return String.join(", ", e.getValue());
                }
            }
            return null;
        }
    }

    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private SSLContext tls;

    private RawHandshake(URI uri) {
        this.uri = uri;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        headers.put("Host", uri.getHost() + ":" + uri.getPort());
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        headers.put("Sec-WebSocket-Version", "13");
    }

    static RawHandshake to(URI wsUri) {
        return new RawHandshake(wsUri);
    }

    RawHandshake header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sends the handshake over TLS, trusting what {@code context} trusts; for a {@code wss://} URI. */
    RawHandshake over(SSLContext context) {
        this.tls = context;
        return this;
    }

    Response send() throws IOException {
        try (Socket plain = new Socket(); Socket socket = tls == null ? plain : secure(plain)) {
            if (tls == null) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            }
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("GET ").append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
            headers.forEach((n, v) -> head.append(n).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the response head: " + lines);
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                    line.reset();
                    if (text.isEmpty()) {
                        break;
                    }
                    lines.add(text);
                } else {
                    line.write(b);
                }
            }
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
            for (String h : lines.subList(1, lines.size())) {
                int colon = h.indexOf(':');
                responseHeaders.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
            String body = "";
            if (status != 101) {
                String length = null;
                for (var e : responseHeaders.entrySet()) {
                    if (e.getKey().equalsIgnoreCase("Content-Length")) {
                        length = e.getValue().get(0);
                    }
                }
                if (length != null) {
                    body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
                }
            }
            return new Response(status, responseHeaders, body);
        }
    }

    /** Connects {@code plain} and layers TLS over it, checking the certificate names the URI's host. */
    private Socket secure(Socket plain) throws IOException {
        plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        plain.setSoTimeout(10_000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }
}
