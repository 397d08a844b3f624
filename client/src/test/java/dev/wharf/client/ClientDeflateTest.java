package dev.wharf.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** permessage-deflate (RFC 7692) on the client: offer, response checks, and compressed traffic both ways. */
class ClientDeflateTest {

    private WharfClientContainer client;

    @BeforeEach
    void startClient() {
        client = new WharfClientContainer();
        client.setDefaultMaxTextMessageBufferSize(4 << 20);
        client.setDefaultMaxBinaryMessageBufferSize(4 << 20);
    }

    @AfterEach
    void stopClient() {
        client.close();
    }

    static Stream<IndependentServer> servers() {
        return Stream.of(new JettyServer(), new TomcatServer());
    }

    /** A configuration the application builds, without extensions. */
    private static ClientEndpointConfig plain() {
        return ClientEndpointConfig.Builder.create().build();
    }

    /** Text that compresses well: repeated words with some variety, {@code size} characters. */
    static String compressible(int size) {
        String[] words = {"wharf", "deflate", "message", "frame", "window", "context", "takeover", "server"};
        Random random = new Random(size);
        StringBuilder out = new StringBuilder(size);
        while (out.length() < size) {
            out.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        out.setLength(size);
        return out.toString();
    }

    static String describe(List<Extension> extensions) {
        return extensions.stream().map(e -> e.getName() + e.getParameters().stream()
                .map(p -> "; " + p.getName() + (p.getValue() == null ? "" : "=" + p.getValue()))
                .collect(Collectors.joining())).collect(Collectors.joining(", "));
    }

    @Test
    void installedExtensionsListPermessageDeflateUnlessSwitchedOff() {
        assertEquals(List.of("permessage-deflate"),
                client.getInstalledExtensions().stream().map(Extension::getName).toList());
        client.setPerMessageDeflate(false);
        assertTrue(client.getInstalledExtensions().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void negotiatesDeflateAndExchangesSmallAndLargeMessages(IndependentServer server) throws Exception {
        try (server) {
            server.start(ServerEndpoints.BigEcho.class);
            Events events = new Events();
            Session session = client.connectToServer(events, server.wsUri("/big"));
            assertEquals("permessage-deflate", session.getNegotiatedExtensions().get(0).getName(),
                    describe(session.getNegotiatedExtensions()));

            String few = compressible(4096);
            session.getBasicRemote().sendText(few);
            assertEquals(few, events.next());
            String again = compressible(5000); // context takeover: the second message refers to the first
            session.getBasicRemote().sendText(again);
            assertEquals(again, events.next());

            String large = compressible(1 << 20);
            session.getBasicRemote().sendText(large);
            assertEquals(large, events.next());

            byte[] noise = new byte[1 << 20]; // incompressible: sent compressed or not, it must arrive intact
            new Random(7).nextBytes(noise);
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(noise));
            ByteBuffer echoed = (ByteBuffer) events.next();
            byte[] got = new byte[echoed.remaining()];
            echoed.get(got);
            assertTrue(Arrays.equals(noise, got), "1 MiB of binary echoed intact");
            session.close();
            assertEquals(1000, events.awaitClose().getCloseCode().getCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void noContextTakeoverOptionIsOfferedAndAgreed(IndependentServer server) throws Exception {
        try (server) {
            server.start(ServerEndpoints.BigEcho.class);
            client.setPerMessageDeflateNoContextTakeover(true);
            Events events = new Events();
            Session session = client.connectToServer(events, server.wsUri("/big"));
            String agreed = describe(session.getNegotiatedExtensions());
            assertTrue(agreed.contains("server_no_context_takeover"), agreed);
            for (int i = 0; i < 3; i++) {
                String text = compressible(3000 + i);
                session.getBasicRemote().sendText(text);
                assertEquals(text, events.next());
            }
        }
    }

    @Test
    void offersDeflateAndCompressesOnTheWireBothWays() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        CompletableFuture<byte[]> firstFrame = new CompletableFuture<>();
        String text = compressible(4096);
        try (RawServer server = new RawServer((head, s) -> {
            request.complete(head);
            s.getOutputStream().write(RawServer.switching(head,
                    "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n"));
            // a compressed text frame to the client: FIN, RSV1, text
            byte[] payload = deflate(text.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(unmaskedHeader(0xC1, payload.length));
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            firstFrame.complete(readFrame(s.getInputStream()));
            s.getInputStream().read();
        })) {
            Events events = new Events();
            Session session = client.connectToServer(events, server.wsUri("/raw"));
            assertEquals("permessage-deflate; client_no_context_takeover", describe(session.getNegotiatedExtensions()));
            assertEquals(text, events.next(), "the server's compressed frame is inflated");

            session.getBasicRemote().sendText(text);
            byte[] frame = firstFrame.get(10, TimeUnit.SECONDS);
            assertEquals(0xC1, frame[0] & 0xFF, "FIN, RSV1 (compressed), text");
            byte[] payload = Arrays.copyOfRange(frame, 1, frame.length);
            assertTrue(payload.length < text.length() / 2, "compressed to " + payload.length + " bytes");
            assertEquals(text, inflate(payload));
        }
        assertEquals("permessage-deflate", RawServer.header(request.get(), "Sec-WebSocket-Extensions"));
    }

    @Test
    void withDeflateSwitchedOffNothingIsOfferedAndADeflateAnswerFails() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        try (RawServer server = new RawServer((head, s) -> {
            request.complete(head);
            s.getOutputStream().write(RawServer.switching(head, "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
            s.getInputStream().read();
        })) {
            client.setPerMessageDeflate(false);
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), server.wsUri("/raw")));
            assertEquals(101, e.status());
            assertTrue(e.getMessage().contains("not offered"), e.getMessage());
        }
        assertNull(RawServer.header(request.get(), "Sec-WebSocket-Extensions"));
    }

    @Test
    void anExtensionThatWasNotOfferedFailsTheHandshake() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            s.getOutputStream().write(RawServer.switching(head, "Sec-WebSocket-Extensions: x-webkit-mux\r\n"));
            s.getInputStream().read();
        })) {
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), server.wsUri("/raw")));
            assertEquals(101, e.status());
            assertTrue(e.getMessage().contains("x-webkit-mux"), e.getMessage());
        }
    }

    /** RFC 7692 §7.1.2.2: client_max_window_bits in a response to an offer without it fails the connection. */
    @Test
    void anInvalidDeflateResponseFailsTheHandshake() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            s.getOutputStream().write(RawServer.switching(head,
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n"));
            s.getInputStream().read();
        })) {
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), server.wsUri("/raw")));
            assertEquals(101, e.status());
            assertTrue(e.getMessage().contains("client_max_window_bits"), e.getMessage());
        }
    }

    /** RFC 7692 §7.1.1.1: a server that does not accept an offered server_no_context_takeover fails it. */
    @Test
    void aResponseDroppingTheRequestedServerResetFails() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            s.getOutputStream().write(RawServer.switching(head, "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
            s.getInputStream().read();
        })) {
            client.setPerMessageDeflateNoContextTakeover(true);
            UpgradeException e = assertThrows(UpgradeException.class,
                    () -> client.connectToServer(new Events(), server.wsUri("/raw")));
            assertTrue(e.getMessage().contains("server_no_context_takeover"), e.getMessage());
        }
    }

    /**
     * [WSC-3.2.2-1]: the client offers the developer's list of extensions, so a configuration built without any offers
     * none (the official TCK's clientendpointconfig tests expect no extension on either side). Connecting without a
     * configuration, as the tests above do, uses the container's, which offers permessage-deflate.
     */
    @Test
    void aConfigurationWithoutExtensionsOffersNone() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        try (RawServer server = new RawServer((head, s) -> {
            request.complete(head);
            s.getOutputStream().write(RawServer.switching(head));
            s.getInputStream().read();
        })) {
            Session session = client.connectToServer(new Events(), plain(), server.wsUri("/raw"));
            assertTrue(session.getNegotiatedExtensions().isEmpty());
        }
        assertNull(RawServer.header(request.get(), "Sec-WebSocket-Extensions"));
    }

    /** The installed extensions are the container's offer: an application's configuration can list them. */
    @Test
    void aConfigurationListingTheInstalledExtensionsOffersThem() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        try (RawServer server = new RawServer((head, s) -> {
            request.complete(head);
            s.getOutputStream().write(RawServer.switching(head,
                    "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                            + " client_no_context_takeover\r\n"));
            s.getInputStream().read();
        })) {
            client.setPerMessageDeflateNoContextTakeover(true);
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .extensions(new java.util.ArrayList<>(client.getInstalledExtensions())).build();
            Session session = client.connectToServer(new Events(), config, server.wsUri("/raw"));
            assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                    describe(session.getNegotiatedExtensions()));
        }
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                RawServer.header(request.get(), "Sec-WebSocket-Extensions"));
    }

    @Test
    void aDeclinedOfferRunsUncompressed() throws Exception {
        try (RawServer server = new RawServer((head, s) -> {
            s.getOutputStream().write(RawServer.switching(head));
            s.getInputStream().read();
        })) {
            Session session = client.connectToServer(new Events(), server.wsUri("/raw"));
            assertTrue(session.getNegotiatedExtensions().isEmpty());
            assertFalse(describe(session.getNegotiatedExtensions()).contains("deflate"));
        }
    }

    // ---- wire helpers ----------------------------------------------------------------------------------------

    /** RFC 7692 §7.2.1: raw DEFLATE, sync-flushed, the final 00 00 ff ff removed. */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(chunk, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    static String inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        input[input.length - 2] = (byte) 0xFF;
        input[input.length - 1] = (byte) 0xFF;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        inflater.end();
        return out.toString(StandardCharsets.UTF_8);
    }

    static byte[] unmaskedHeader(int firstByte, int length) {
        if (length < 126) {
            return new byte[] {(byte) firstByte, (byte) length};
        }
        return new byte[] {(byte) firstByte, 126, (byte) (length >> 8), (byte) length};
    }

    /** One masked client frame: its first byte, then the unmasked payload. */
    static byte[] readFrame(InputStream in) throws Exception {
        byte[] head = in.readNBytes(2);
        long length = head[1] & 0x7F;
        if (length == 126) {
            byte[] ext = in.readNBytes(2);
            length = ((ext[0] & 0xFF) << 8) | (ext[1] & 0xFF);
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        byte[] out = new byte[payload.length + 1];
        out[0] = head[0];
        for (int i = 0; i < payload.length; i++) {
            out[i + 1] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return out;
    }
}
