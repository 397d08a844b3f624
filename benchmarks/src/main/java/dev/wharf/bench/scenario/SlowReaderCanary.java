package dev.wharf.bench.scenario;

import dev.wharf.bench.load.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The slow-readers scenario's canary: a new connection's round trip (connect, handshake, one echoed text message,
 * close) on a plain blocking socket of its own, so it shares no loop with the slow peers it measures the server
 * against.
 */
final class SlowReaderCanary {

    private SlowReaderCanary() {
    }

    /**
     * One canary round trip: connect, handshake, one text message echoed, close; null if it worked in time.
     * {@code phases} gets when the connection was made and when the handshake's answer came ({@code nanoTime}; 0
     * if it did not).
     */
    static String run(InetSocketAddress address, String path, long[] phases) {
        long start = System.nanoTime();
        long deadline = start + SlowReaderScenario.CANARY_LIMIT_MS * 1_000_000L;
        String phase = "connect";
        phases[0] = start;
        phases[1] = 0;
        try (Socket socket = new Socket()) {
            socket.connect(address, SlowReaderScenario.CANARY_LIMIT_MS);
            phases[0] = System.nanoTime();
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            phase = "handshake";
            out.write(request(address, path).getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket, in, deadline);
            phases[1] = System.nanoTime();
            phase = "echo (handshake took " + (System.nanoTime() - start) / 1_000_000 + " ms)";
            if (!head.startsWith("HTTP/1.1 101")) {
                return "handshake: " + head.lines().findFirst().orElse("");
            }
            byte[] text = "canary".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer frame = Frames.encode(Frames.TEXT, text, 0, text.length, 0x01020304);
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            int b0 = read(socket, in, deadline);
            int len = read(socket, in, deadline) & 0x7F;
            if ((b0 & 0x0F) != Frames.TEXT || len != text.length) {
                return "unexpected frame " + Integer.toHexString(b0) + " length " + len;
            }
            byte[] echo = new byte[len];
            for (int i = 0; i < len; i++) {
                echo[i] = (byte) read(socket, in, deadline);
            }
            if (!Arrays.equals(echo, text)) {
                return "wrong echo";
            }
            ByteBuffer close = Frames.encode(Frames.CLOSE, new byte[] {0x03, (byte) 0xE8}, 0, 2, 0x01020304);
            out.write(close.array(), close.arrayOffset() + close.position(), close.remaining());
            return null;
        } catch (IOException e) {
            return phase + ": " + e;
        }
    }

    private static int read(Socket socket, InputStream in, long deadline) throws IOException {
        int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
        if (left <= 0) {
            throw new IOException("no echo within " + SlowReaderScenario.CANARY_LIMIT_MS + " ms");
        }
        socket.setSoTimeout(left);
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection ended");
        }
        return b;
    }

    private static String readHead(Socket socket, InputStream in, long deadline) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 8192 && !(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            head.append((char) read(socket, in, deadline));
        }
        return head.toString();
    }

    /** A browser-free upgrade request for {@code path}, as both the canary and the slow peers send it. */
    static String request(InetSocketAddress address, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }
}
