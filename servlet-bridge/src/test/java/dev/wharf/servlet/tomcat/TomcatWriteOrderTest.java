package dev.wharf.servlet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.e2e.JdkClient;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's native transport sends small writes straight to the socket channel while Tomcat holds none of the
 * connection's bytes, and everything else Tomcat's way. A stream of small messages with a large one now and then,
 * to a peer that does not read at first, fills the socket: writes then go partly direct and partly Tomcat's way,
 * and later ones must wait for Tomcat's bytes. Every message must still arrive whole and in order, for sends that
 * block on Tomcat's reading thread and for asynchronous ones resumed by Tomcat's write events.
 */
class TomcatWriteOrderTest {

    static final int COUNT = 3000;
    static final int SMALL = 3000;
    /** Every {@link #LARGE_EVERY}th message is this large: more than a direct write takes. */
    static final int LARGE = 100 * 1024;
    static final int LARGE_EVERY = 100;

    private static Host host;

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

    static String message(int i) {
        int size = i % LARGE_EVERY == LARGE_EVERY - 1 ? LARGE : SMALL;
        StringBuilder text = new StringBuilder(size).append(i).append(':');
        char fill = (char) ('a' + i % 26);
        while (text.length() < size) {
            text.append(fill);
        }
        return text.toString();
    }

    @BeforeAll
    static void start() throws Exception {
        host = Host.named("tomcat").start(
                WebApp.at("/order").initializer(new WharfInitializer(), Stream.class).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    @DisplayName("blocking sends on Tomcat's reading thread to a peer that reads late: all arrive, in order")
    void blockingSendsArriveInOrder() throws Exception {
        streamTo("blocking");
    }

    @Test
    @DisplayName("asynchronous sends to a peer that reads late: all arrive, in order")
    void asyncSendsArriveInOrder() throws Exception {
        streamTo("async");
    }

    /** Asks for the stream, reads the first message, then nothing for a while (the socket fills), then the rest. */
    private static void streamTo(String mode) throws Exception {
        try (JdkClient client = JdkClient.connect(host.wsUri("/stream"), false)) {
            client.sendText(mode);
            assertEquals(message(0), client.nextText());
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> client.request(Long.MAX_VALUE));
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
}
