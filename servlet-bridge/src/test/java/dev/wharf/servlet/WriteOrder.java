package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.e2e.JdkClient;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The order of a native transport's writes when they go partly straight to the socket ({@link DirectWrite}) and partly
 * the host's way: a stream of small messages with a large one now and then, to a peer that does not read at first,
 * fills the socket, so writes then go out partly direct and partly through the host, and later ones must wait for the
 * host's. Every message must still arrive whole and in order, and a close must follow the write left to the host.
 * Used by {@code WriteOrderTest} on Jetty's and Tomcat's hosts.
 */
public final class WriteOrder {

    static final int COUNT = 3000;
    static final int SMALL = 3000;
    /** Every {@link #LARGE_EVERY}th message is this large: more than a direct write copies. */
    static final int LARGE = 100 * 1024;
    static final int LARGE_EVERY = 100;
    /** Larger than loopback's socket buffers take while the peer does not read: the write is left partial. */
    static final int HUGE = 8 * 1024 * 1024;
    /** How long the peer does not read: the socket fills meanwhile. */
    private static final long LATE_MS = 300;

    private WriteOrder() {
    }

    /** The web application with the endpoints these tests talk to, at {@code /order}. */
    public static WebApp app() {
        return WebApp.at("/order").initializer(new WharfInitializer(), Stream.class, Closing.class).build();
    }

    /** Sends {@link #COUNT} messages and "done", with blocking sends or asynchronous ones, as the client asked. */
    @ServerEndpoint("/stream")
    public static final class Stream {
        @OnMessage
        public void onMessage(String mode, Session session) throws IOException {
            if (mode.equals("blocking")) {
                for (int i = 0; i < COUNT; i++) {
                    session.getBasicRemote().sendText(message(i));
                }
                session.getBasicRemote().sendText("done");
            } else {
                sendFrom(0, session);
            }
        }

        /** Message i, then (once it is written) the next: one asynchronous send at a time, as the API asks. */
        private static void sendFrom(int i, Session session) {
            String text = i < COUNT ? message(i) : "done";
            SendHandler next = result -> {
                if (result.isOK() && i < COUNT) {
                    sendFrom(i + 1, session);
                }
            };
            session.getAsyncRemote().sendText(text, next);
        }
    }

    /** Sends a short message, a huge one without waiting for it, and closes: the close waits behind the huge one. */
    @ServerEndpoint("/closing")
    public static final class Closing {
        @OnMessage
        public void onMessage(String ignored, Session session) throws IOException {
            session.getBasicRemote().sendText("first");
            session.getAsyncRemote().sendText(huge());
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        }
    }

    static String message(int i) {
        int size = i % LARGE_EVERY == LARGE_EVERY - 1 ? LARGE : SMALL;
        return filled(i, size);
    }

    static String huge() {
        return filled(7, HUGE);
    }

    private static String filled(int i, int size) {
        StringBuilder text = new StringBuilder(size).append(i).append(':');
        char fill = (char) ('a' + i % 26);
        while (text.length() < size) {
            text.append(fill);
        }
        return text.toString();
    }

    /** Asks for the stream, reads the first message, then nothing for a while (the socket fills), then the rest. */
    public static void streamTo(Host host, String mode) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/stream"), false)) {
            client.sendText(mode);
            assertEquals(message(0), client.nextText());
            readLater(client);
            for (int i = 1; i < COUNT; i++) {
                String got = client.nextText();
                String want = message(i);
                if (!want.equals(got)) {
                    assertEquals(want.substring(0, 12) + " (" + want.length() + " chars)",
                            got.substring(0, Math.min(12, got.length())) + " (" + got.length() + " chars)");
                    assertEquals(want, got);
                }
            }
            assertEquals("done", client.nextText());
        }
    }

    /** The huge message arrives whole, then the server's close (not a dropped connection). */
    public static void closeAfterPartialWrite(Host host) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/closing"), false)) {
            client.sendText("go");
            assertEquals("first", client.nextText());
            readLater(client);
            String got = client.nextText();
            assertEquals(HUGE, got.length(), "the huge message, whole");
            assertEquals(huge(), got);
            assertEquals(new JdkClient.Close(1000, "bye"), client.awaitClose());
        }
    }

    private static void readLater(JdkClient client) {
        CompletableFuture.delayedExecutor(LATE_MS, TimeUnit.MILLISECONDS).execute(() -> client.request(Long.MAX_VALUE));
    }
}
