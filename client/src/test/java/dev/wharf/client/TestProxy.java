package dev.wharf.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A minimal HTTP proxy on a loopback port: {@code CONNECT host:port} opens a tunnel, a request with an absolute URI is
 * forwarded in origin form and the connection then piped both ways (so an upgrade passes through). With credentials
 * set, a request without the matching {@code Proxy-Authorization: Basic} gets 407 on the same connection. Every
 * request line it sees is kept, with a {@code +auth} suffix when it carried credentials.
 */
final class TestProxy implements AutoCloseable {

    private final ServerSocket socket;
    private final String expectedAuthorization;
    final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

    /** {@code user} null: no authentication required. */
    TestProxy(String user, String password) throws IOException {
        expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    daemon(() -> serve(s), "test-proxy-conn").start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(Socket client) {
        try (client) {
            while (true) {
                String head = RawServer.readHead(client.getInputStream());
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                String authorization = RawServer.header(head, "Proxy-Authorization");
                requests.add(requestLine + (authorization == null ? "" : " +auth"));
                if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
                    RawServer.send(client, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                            + "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
                String[] parts = requestLine.split(" ");
                if (parts[0].equals("CONNECT")) {
                    int colon = parts[1].lastIndexOf(':');
                    Socket upstream = connect(parts[1].substring(0, colon),
                            Integer.parseInt(parts[1].substring(colon + 1)));
                    RawServer.send(client, "HTTP/1.1 200 Connection Established\r\n\r\n");
                    pipe(client, upstream);
                } else {
                    URI target = URI.create(parts[1]);
                    Socket upstream = connect(target.getHost(), target.getPort());
                    String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
                    String forwarded = parts[0] + " " + path + " " + parts[2] + head.substring(requestLine.length());
                    upstream.getOutputStream().write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
                    pipe(client, upstream);
                }
                return;
            }
        } catch (IOException e) {
            // the connection ends
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(host, port), 5_000);
        return upstream;
    }

    /** Copies both ways until either side ends, then closes both. */
    private static void pipe(Socket client, Socket upstream) throws IOException {
        try (upstream) {
            Thread back = daemon(() -> copy(upstream, client), "test-proxy-pipe");
            back.start();
            copy(client, upstream);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side ended
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
