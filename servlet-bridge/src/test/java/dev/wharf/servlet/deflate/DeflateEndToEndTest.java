package dev.wharf.servlet.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.Extension;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** permessage-deflate over real connections on each host: negotiation, compressed echo, plain clients, zip bombs. */
class DeflateEndToEndTest {

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String text(String text, Session session) {
            if (text.equals("extensions?")) {
                return session.getNegotiatedExtensions().stream().map(DeflateEndToEndTest::describe)
                        .collect(Collectors.joining(", "));
            }
            return text;
        }

        @OnMessage
        public byte[] binary(byte[] data) {
            return data;
        }
    }

    static String describe(Extension e) {
        StringBuilder s = new StringBuilder(e.getName());
        for (Extension.Parameter p : e.getParameters()) {
            s.append("; ").append(p.getName()).append(p.getValue() == null ? "" : "=" + p.getValue());
        }
        return s.toString();
    }

    static Stream<Host> hosts() {
        return Host.all().stream();
    }

    /**
     * On the embedded Jetty host the bytes a raw-socket client sends after the 101 are parsed as a new HTTP request
     * (Jetty answers 400), with or without permessage-deflate offered, while the JDK client works: a servlet-bridge /
     * host issue outside this feature, reported to the lead. Raw-client cases skip Jetty until it is fixed.
     */

    private static WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Echo.class).build();
    }

    private static String askText(RawDeflateClient c, String text, boolean compress) throws Exception {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        c.send(compress ? 0xC1 : 0x81, compress ? c.compress(utf8) : utf8);
        RawDeflateClient.Frame reply = c.read();
        assertEquals(1, reply.opcode());
        return new String(reply.rsv1() ? c.inflate(reply.payload()) : reply.payload(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void rawClientNegotiatesAndExchangesCompressedMessages(Host host) throws Exception {
        try (Host h = host.start(app());
             RawDeflateClient c = new RawDeflateClient(h.wsUri("/echo"),
                     "permessage-deflate; server_max_window_bits=10, permessage-deflate; client_max_window_bits")) {
            assertEquals(101, c.status);
            assertEquals("permessage-deflate; server_max_window_bits=10", c.headers.get("sec-websocket-extensions"),
                    "RFC 7692 §7.1.2.1: the first offer is accepted with the window it asks for");
            String big = "compress me, ".repeat(500);
            for (int i = 0; i < 3; i++) { // context takeover both ways: later messages reuse the history
                byte[] utf8 = (big + i).getBytes(StandardCharsets.UTF_8);
                byte[] compressed = c.compress(utf8);
                assertTrue(compressed.length < utf8.length / 10);
                c.send(0xC1, compressed);
                RawDeflateClient.Frame reply = c.read();
                assertEquals(0xC1, reply.firstByte(), "FIN, RSV1, text");
                assertTrue(reply.payload().length < utf8.length / 10);
                assertEquals(big + i, new String(c.inflate(reply.payload()), StandardCharsets.UTF_8));
            }
            // Fragmented compressed message: RSV1 on the first frame only.
            byte[] compressed = c.compress("fragmented hello".getBytes(StandardCharsets.UTF_8));
            int cut = compressed.length / 2;
            c.send(0x41, java.util.Arrays.copyOfRange(compressed, 0, cut));
            c.send(0x80, java.util.Arrays.copyOfRange(compressed, cut, compressed.length));
            RawDeflateClient.Frame reply = c.read();
            String echoed = new String(reply.rsv1() ? c.inflate(reply.payload()) : reply.payload(), StandardCharsets.UTF_8);
            assertEquals("fragmented hello", echoed);
            // An uncompressed message on the same connection, and binary data.
            assertEquals("plain", askText(c, "plain", false));
            byte[] data = new byte[5000];
            java.util.Arrays.fill(data, (byte) 7);
            c.send(0xC2, c.compress(data));
            RawDeflateClient.Frame bin = c.read();
            assertEquals(0xC2, bin.firstByte());
            assertArrayEquals(data, c.inflate(bin.payload()));
            assertEquals("permessage-deflate; server_max_window_bits=10", askText(c, "extensions?", true),
                    "Session.getNegotiatedExtensions reports the agreement");
            c.send(0x88, new byte[] {0x03, (byte) 0xE8});
            RawDeflateClient.Frame close = c.read();
            assertEquals(0x88, close.firstByte(), "the close frame is never compressed");
            assertEquals(1000, close.closeCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void agreedParametersAreReportedToTheSession(Host host) throws Exception {
        try (Host h = host.start(app());
             RawDeflateClient c = new RawDeflateClient(h.wsUri("/echo"),
                     "permessage-deflate; client_no_context_takeover; server_no_context_takeover")) {
            String expected = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
            assertEquals(expected, c.headers.get("sec-websocket-extensions"));
            assertEquals(expected, askText(c, "extensions?", false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void jdkClientWithoutDeflateStillWorks(Host host) throws Exception {
        try (Host h = host.start(app())) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(h.wsUri("/echo"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                reply.complete(text.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            reply.completeExceptionally(error);
                        }
                    }).get(10, TimeUnit.SECONDS);
            String big = "no compression here ".repeat(300);
            ws.sendText(big, true);
            assertEquals(big, reply.get(10, TimeUnit.SECONDS));
            ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void zipBombClosesWith1009(Host host) throws Exception {
        try (Host h = host.start(app());
             RawDeflateClient c = new RawDeflateClient(h.wsUri("/echo"), "permessage-deflate")) {
            assertEquals("permessage-deflate; server_max_window_bits=12", c.headers.get("sec-websocket-extensions"),
                    "RFC 7692 §7.1.2.1: the server states its default window unasked");
            byte[] bomb = zeros(c, 100L << 20);
            assertTrue(bomb.length < 200_000, "bomb of " + bomb.length + " bytes");
            c.send(0xC2, bomb);
            RawDeflateClient.Frame close = c.read();
            assertEquals(0x88, close.firstByte());
            assertEquals(1009, close.closeCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void switchedOffByInitParameter(Host host) throws Exception {
        WebApp app = WebApp.at("/app").initParam("dev.wharf.permessageDeflate", "false")
                .initializer(new WharfInitializer(), Echo.class).build();
        try (Host h = host.start(app);
             RawDeflateClient c = new RawDeflateClient(h.wsUri("/echo"), "permessage-deflate")) {
            assertEquals(101, c.status);
            assertNull(c.headers.get("sec-websocket-extensions"));
            assertEquals("", askText(c, "extensions?", false));
            c.send(0xC1, c.compress("x".getBytes(StandardCharsets.UTF_8)));
            RawDeflateClient.Frame close = c.read();
            assertEquals(1002, close.closeCode(), "RSV1 without the extension is a protocol error");
            assertFalse(close.rsv1());
        }
    }

    /** {@code count} zero bytes compressed as one message by {@code c}'s own deflater. */
    private static byte[] zeros(RawDeflateClient c, long count) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] block = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long left = count; left > 0; left -= block.length) {
            d.setInput(block, 0, (int) Math.min(block.length, left));
            while (!d.needsInput()) {
                out.write(buffer, 0, d.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        while ((n = d.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        d.end();
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }
}
