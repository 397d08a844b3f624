package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;

/**
 * Partial and streaming messages (spec 4.7 @OnMessage parameter forms; javadoc of {@code RemoteEndpoint.Basic}
 * {@code getSendStream}/{@code getSendWriter}), end to end.
 */
@DisplayName("Partial and streaming messages [WSC-4.7, RemoteEndpoint.Basic]")
class StreamingSpecTest extends SpecHostedTest {

    /** Collects the parts of a message; at the last one replies with how it was delivered. */
    @ServerEndpoint("/partial/text")
    public static class PartialText {
        private final StringBuilder parts = new StringBuilder();
        private int calls;
        private boolean earlyLast;

        @OnMessage
        public String onPart(String part, boolean last) {
            parts.append(part);
            calls++;
            if (!last) {
                return null;
            }
            String reply = "text=" + parts + " calls>1=" + (calls > 1) + " earlyLast=" + earlyLast;
            parts.setLength(0);
            calls = 0;
            return reply;
        }
    }

    @ServerEndpoint("/partial/buffer")
    public static class PartialBuffer {
        private final StringBuilder parts = new StringBuilder();

        @OnMessage
        public String onPart(ByteBuffer part, boolean last) {
            parts.append(StandardCharsets.UTF_8.decode(part)).append(last ? "" : "|");
            if (!last) {
                return null;
            }
            String reply = "buffer=" + parts;
            parts.setLength(0);
            return reply;
        }
    }

    @ServerEndpoint("/partial/bytes")
    public static class PartialBytes {
        private int total;
        private int calls;

        @OnMessage
        public String onPart(byte[] part, boolean last) {
            total += part.length;
            calls++;
            if (!last) {
                return null;
            }
            String reply = "bytes=" + total + " calls>1=" + (calls > 1);
            total = 0;
            calls = 0;
            return reply;
        }
    }

    @ServerEndpoint("/stream/reader")
    public static class ReaderEndpoint {
        @OnMessage
        public String onReader(Reader reader) throws IOException {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[7];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                sb.append(buf, 0, n);
            }
            return "reader=" + sb;
        }
    }

    @ServerEndpoint("/stream/input")
    public static class InputEndpoint {
        @OnMessage
        public String onStream(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            int sum = 0;
            for (byte b : all) {
                sum += b;
            }
            return "input=" + all.length + " sum=" + sum;
        }
    }

    /** Replies through the streaming senders. */
    @ServerEndpoint("/senders")
    public static class Senders {
        @OnMessage
        public void onText(Session session, String what) throws IOException {
            if (what.equals("writer")) {
                try (Writer writer = session.getBasicRemote().getSendWriter()) {
                    writer.write("one,");
                    writer.flush();
                    writer.write("two,");
                    writer.write("x".repeat(70_000));
                }
            } else {
                try (OutputStream out = session.getBasicRemote().getSendStream()) {
                    out.write(new byte[] {1, 2});
                    out.flush();
                    out.write(new byte[100_000]);
                    out.write(3);
                }
            }
            session.getBasicRemote().sendText("after");
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), PartialText.class, PartialBuffer.class,
                PartialBytes.class, ReaderEndpoint.class, InputEndpoint.class, Senders.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-4.7] @OnMessage(String, boolean) receives the parts in order, last=true only at the end")
    void partialText(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/partial/text"))) {
            ws.sendPart("ab", false).sendPart("cd", false).sendPart("ef", true);
            assertEquals("text=abcdef calls>1=true earlyLast=false", ws.nextText());
            ws.sendText("whole");
            assertEquals("text=whole calls>1=false earlyLast=false", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7] @OnMessage(ByteBuffer, boolean) and (byte[], boolean)")
    void partialBinary(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/partial/buffer"))) {
            ws.sendBinaryPart("x".getBytes(), false).sendBinaryPart("y".getBytes(), true);
            assertEquals("buffer=x|y", ws.nextText());
        }
        try (Ws ws = Ws.connect(host.wsUri("/partial/bytes"))) {
            ws.sendBinaryPart(new byte[10], false).sendBinaryPart(new byte[20], false)
                    .sendBinaryPart(new byte[5], true);
            assertEquals("bytes=35 calls>1=true", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7] @OnMessage(Reader) reads a fragmented text message to its end")
    void readerParameter(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/stream/reader"))) {
            ws.sendPart("héllo ", false).sendPart("wörld", true);
            assertEquals("reader=héllo wörld", ws.nextText());
            assertEquals("reader=", ws.ask(""));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7] @OnMessage(InputStream) reads a fragmented binary message to its end")
    void inputStreamParameter(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/stream/input"))) {
            byte[] big = new byte[200_000];
            big[0] = 5;
            big[199_999] = 6;
            ws.sendBinaryPart(new byte[] {1, 2}, false).sendBinaryPart(big, true);
            assertEquals("input=200002 sum=14", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[RemoteEndpoint.Basic.getSendWriter] writes one text message, delivered whole, before later sends")
    void sendWriter(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/senders"))) {
            String text = ws.ask("writer");
            assertEquals("one,two," + "x".repeat(70_000), text);
            assertEquals("after", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[RemoteEndpoint.Basic.getSendStream] writes one binary message, delivered whole")
    void sendStream(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/senders"))) {
            ws.sendText("stream");
            byte[] bytes = ws.nextBinary();
            assertEquals(100_003, bytes.length);
            assertArrayEquals(new byte[] {1, 2}, new byte[] {bytes[0], bytes[1]});
            assertEquals(3, bytes[100_002]);
            assertTrue(ws.nextText().equals("after"));
        }
    }
}
