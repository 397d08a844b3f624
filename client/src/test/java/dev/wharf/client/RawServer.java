package dev.wharf.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written server on a raw {@link ServerSocket}: each accepted connection's request head is read and passed to
 * the test's handler, which writes whatever bytes it wants, protocol-breaking ones included.
 */
final class RawServer implements AutoCloseable {

    interface Handler {
        void handle(String requestHead, Socket socket) throws Exception;
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

    RawServer(Handler handler) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            String head = readHead(s.getInputStream());
                            requests.add(head);
                            handler.handle(head, s);
                        } catch (Exception e) {
                            // connection ends
                        }
                    }, "raw-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + path);
    }

    String nextRequest() throws InterruptedException {
        return requests.poll(10, TimeUnit.SECONDS);
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in request head");
            }
            out.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** The 101 answer to a request head. */
    static byte[] switching(String head) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptKey(header(head, "Sec-WebSocket-Key")) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The 101 answer to a request head, with extra header lines (each ending in CRLF). */
    static byte[] switching(String head, String extraHeaders) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptKey(header(head, "Sec-WebSocket-Key")) + "\r\n" + extraHeaders
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static void send(Socket s, String response) throws IOException {
        s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * RFC 6455 §4.2.2: {@code base64(SHA-1(key + GUID))}, computed here rather than with the handshake's own code so
     * that a mistake there cannot agree with itself.
     */
    static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-1", e);
        }
    }
}
