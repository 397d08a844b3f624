package dev.wharf.bench.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK client's listener for the floors' tests: whole messages (text as {@code String}, binary as {@code byte[]}) and
 * the close code as "close <code>", in the order the client saw them.
 */
final class ReceivedMessages implements WebSocket.Listener {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        while (data.hasRemaining()) {
            binary.write(data.get());
        }
        if (last) {
            events.add(binary.toByteArray());
            binary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        events.add("close " + statusCode);
        return null;
    }

    Object next() throws InterruptedException {
        Object event = events.poll(10, TimeUnit.SECONDS);
        assertTrue(event != null, "nothing received in 10 s");
        return event;
    }
}
