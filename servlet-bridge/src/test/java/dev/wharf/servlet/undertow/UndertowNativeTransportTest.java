package dev.wharf.servlet.undertow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.e2e.RawWebSocket;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import dev.wharf.session.DeadlineTimer;
import dev.wharf.session.SessionPort;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xnio.XnioIoThread;

/**
 * What Undertow's native transport must do beyond the hosts' shared end-to-end suite (which runs on {@code undertow}
 * and {@code undertow-servlet}): read the bytes a client sends right behind its handshake, which Undertow read with
 * the request and pushes back into the connection, carry large messages byte-exact through its large reads and
 * piecewise writes, and run the session's deadlines on the connection's I/O thread rather than a timer thread of
 * Wharf's.
 */
class UndertowNativeTransportTest {

    private static Host host;

    @ServerEndpoint("/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }

        @OnMessage(maxMessageSize = 8 << 20)
        public byte[] echo(byte[] bytes) {
            return bytes;
        }
    }

    /**
     * Schedules two tasks on the session's deadline timer at open and cancels the first: the second reports the thread
     * it ran on and whether the cancelled one ran.
     */
    @ServerEndpoint("/deadlines")
    public static final class Deadlines {
        @OnOpen
        public void open(Session session) {
            DeadlineTimer timer = SessionPort.timer(session);
            AtomicBoolean cancelledRan = new AtomicBoolean();
            Object cancelled = timer.schedule(() -> cancelledRan.set(true), 50);
            timer.cancel(cancelled);
            timer.schedule(() -> session.getAsyncRemote().sendText((Thread.currentThread() instanceof XnioIoThread
                    ? "xnio" : Thread.currentThread().getName()) + " " + cancelledRan.get()), 150);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        host = Host.named("undertow").start(WebApp.at("/native")
                .initializer(new WharfInitializer(), Echo.class, Deadlines.class).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    @DisplayName("frames sent in the same packet as the handshake are read and answered")
    void framesBehindTheHandshake() throws Exception {
        URI uri = host.wsUri("/echo");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(10_000);
            String key = "dGhlIHNhbXBsZSBub25jZQ==";
            String head = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            all.writeBytes(RawWebSocket.zeroMaskedFrame(RawWebSocket.TEXT, "first".getBytes(StandardCharsets.UTF_8)));
            all.writeBytes(RawWebSocket.zeroMaskedFrame(RawWebSocket.TEXT, "second".getBytes(StandardCharsets.UTF_8)));
            socket.getOutputStream().write(all.toByteArray()); // one write: one packet on loopback
            socket.getOutputStream().flush();

            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = readHead(in);
            assertTrue(status.startsWith("HTTP/1.1 101"), status);
            assertEquals("first", readText(in));
            assertEquals("second", readText(in));
        }
    }

    @Test
    @DisplayName("4 MiB binary messages come back byte-exact, three in a row on one connection")
    void largeMessagesByteExact() throws Exception {
        Random random = new Random(20);
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            for (int i = 0; i < 3; i++) {
                byte[] payload = new byte[(4 << 20) - i * 7];
                random.nextBytes(payload);
                ws.send(RawWebSocket.BINARY, payload);
                RawWebSocket.Frame echo = ws.readFrame();
                assertEquals(RawWebSocket.BINARY, echo.opcode());
                assertTrue(echo.fin());
                assertArrayEquals(payload, echo.payload(), "message " + i);
            }
            ws.sendClose(1000, "");
            assertEquals(1000, ws.readUntilClose().closeCode());
            assertTrue(ws.awaitEndOfStream(), "RFC 6455 §7.1.1: the server closes the TCP connection first");
        }
    }

    @Test
    @DisplayName("a session's deadlines run on its connection's XNIO I/O thread, and a cancelled one does not run")
    void deadlinesOnTheIoThread() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/deadlines"))) {
            RawWebSocket.Frame report = ws.readFrame();
            assertEquals(RawWebSocket.TEXT, report.opcode());
            assertEquals("xnio false", new String(report.payload(), StandardCharsets.UTF_8));
            ws.sendClose(1000, "");
            assertEquals(1000, ws.readUntilClose().closeCode());
        }
    }

    /** The response head up to its blank line; returns its status line. */
    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("end of stream in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** One unmasked server text frame of under 126 bytes. */
    private static String readText(InputStream in) throws Exception {
        int b0 = in.read();
        int length = in.read();
        assertEquals(0x80 | RawWebSocket.TEXT, b0);
        assertTrue(length < 126, "short frame expected: " + length);
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
