package dev.wharf.servlet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reader and InputStream endpoints over real connections: a message larger than the inbound high-water mark is
 * streamed (reading pauses and resumes through the host's transport) and counted whole on each host.
 */
public class StreamingReceiveEndToEndTest {

    static final int LIMIT = 16 * 1024 * 1024;

    @ServerEndpoint("/count")
    public static class Counter {
        @OnMessage(maxMessageSize = LIMIT)
        public String chars(Reader reader) throws IOException {
            char[] buf = new char[8192];
            long n = 0;
            for (int r; (r = reader.read(buf)) >= 0; ) {
                n += r;
            }
            return "chars:" + n;
        }

        @OnMessage(maxMessageSize = LIMIT)
        public String bytes(InputStream in) throws IOException {
            byte[] buf = new byte[8192];
            long n = 0;
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
            return "bytes:" + n;
        }
    }

    /** Every host, and Tomcat on both of Wharf's transports: pausing and resuming differ between them. */
    static Stream<Host> hosts() {
        return Host.allTransports().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void largeFragmentedMessagesAreStreamedWhole(Host host) throws Exception {
        try (Host h = host.start(WebApp.at("/app").initializer(new WharfInitializer(), Counter.class).build())) {
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(h.wsUri("/count"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            replies.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            String part = "é".repeat(128 * 1024); // 256 KiB of UTF-8 per fragment
            int parts = 24; // 6 MiB: past the 4 MiB inbound high-water mark
            for (int i = 0; i < parts; i++) {
                ws.sendText(part, i == parts - 1).get(10, TimeUnit.SECONDS);
            }
            assertEquals("chars:" + (long) parts * part.length(), replies.poll(20, TimeUnit.SECONDS));
            ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
            for (int i = 0; i < parts; i++) {
                ws.sendBinary(chunk.duplicate(), i == parts - 1).get(10, TimeUnit.SECONDS);
            }
            assertEquals("bytes:" + (long) parts * chunk.capacity(), replies.poll(20, TimeUnit.SECONDS));
            ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        }
    }
}
