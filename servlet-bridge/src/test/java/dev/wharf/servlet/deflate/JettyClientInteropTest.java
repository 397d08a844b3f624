package dev.wharf.servlet.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jetty 12's own WebSocket client against Wharf's server with each kind of permessage-deflate agreement (RFC 7692
 * §7.1): the server's default window stated unasked, every {@code server_max_window_bits} from 8 to 15, no context
 * takeover. Messages of many sizes (past the 4 KiB default window, so history matters) and repeats (so back
 * references are used) must come back byte for byte, text and binary, on every host.
 */
class JettyClientInteropTest {

    private static WebSocketClient client;

    @BeforeAll
    static void startClient() throws Exception {
        client = new WebSocketClient();
        client.setMaxTextMessageSize(1 << 20);
        client.setMaxBinaryMessageSize(1 << 20);
        client.start();
    }

    @AfterAll
    static void stopClient() throws Exception {
        client.stop();
    }

    static Stream<Arguments> agreements() {
        List<String[]> offers = List.of(
                new String[] {"permessage-deflate", "permessage-deflate; server_max_window_bits=12"},
                new String[] {"permessage-deflate; server_max_window_bits=8", "permessage-deflate; server_max_window_bits=8"},
                new String[] {"permessage-deflate; server_max_window_bits=9", "permessage-deflate; server_max_window_bits=9"},
                new String[] {"permessage-deflate; server_max_window_bits=11", "permessage-deflate; server_max_window_bits=11"},
                new String[] {"permessage-deflate; server_max_window_bits=15", "permessage-deflate; server_max_window_bits=12"},
                new String[] {"permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                    "permessage-deflate; server_no_context_takeover; client_no_context_takeover"});
        return Host.all().stream().flatMap(h -> offers.stream().map(o -> Arguments.of(h, o[0], o[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("agreements")
    void exchangesCompressedMessages(Host host, String offer, String expectedAnswer) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(),
                DeflateEndToEndTest.Echo.class).build())) {
            Listener listener = new Listener();
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.addExtensions(offer);
            Session session = client.connect(listener, h.wsUri("/echo"), request).get(10, TimeUnit.SECONDS);
            try {
                String answer = session.getUpgradeResponse().getExtensions().stream()
                        .map(e -> e.getParameterizedName()).collect(Collectors.joining(", "));
                assertEquals(sortedParameters(expectedAnswer), sortedParameters(answer), answer);
                Random random = new Random(offer.hashCode());
                for (int i = 0; i < 40; i++) {
                    byte[] message = sample(random, i);
                    Callback.Completable sent = new Callback.Completable();
                    if (i % 3 == 2) {
                        session.sendBinary(ByteBuffer.wrap(message), sent);
                        sent.get(10, TimeUnit.SECONDS);
                        assertArrayEquals(message, (byte[]) listener.next(), "binary message " + i);
                    } else {
                        String text = new String(message, StandardCharsets.US_ASCII);
                        session.sendText(text, sent);
                        sent.get(10, TimeUnit.SECONDS);
                        assertEquals(text, listener.next(), "text message " + i);
                    }
                }
            } finally {
                session.close();
            }
        }
    }

    /** The element's name and its parameters in a fixed order (Jetty's client reorders them). */
    private static List<String> sortedParameters(String element) {
        return Stream.of(element.split(";")).map(String::trim).sorted().toList();
    }

    /** Words and JSON-ish text, 1 byte to 60 KB; every fifth message repeats an earlier one. */
    private static byte[] sample(Random random, int i) {
        int size = switch (i % 5) {
            case 0 -> 1 + random.nextInt(40);
            case 1 -> 200 + random.nextInt(400);
            case 2 -> 3000 + random.nextInt(3000);
            case 3 -> 20_000 + random.nextInt(40_000);
            default -> 300;
        };
        Random words = new Random(i % 5 == 4 ? 4 : random.nextLong());
        String[] vocabulary = {"{\"id\":", "\"name\":\"", "alice", "bob", "window", "deflate", "},", " ", "\n", "42"};
        StringBuilder s = new StringBuilder(size);
        while (s.length() < size) {
            s.append(vocabulary[words.nextInt(vocabulary.length)]);
            if (words.nextInt(20) == 0) {
                s.append(Long.toHexString(words.nextLong()));
            }
        }
        return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Jetty binds listener methods through a public lookup. */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

        Object next() throws InterruptedException {
            Object m = messages.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "no echo within 20 s");
            if (m instanceof Throwable t) {
                throw new AssertionError("connection failed", t);
            }
            return m;
        }

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            messages.add(bytes);
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            messages.add(new AssertionError("closed " + statusCode + " " + reason));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            messages.add(cause);
        }
    }
}
