package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wharf.client.WharfClientContainer;
import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

/**
 * Stream decoders decode while the message arrives, and partial handlers get one part per frame (spec 4.1.3, 4.7,
 * 5.2.2; javadoc of {@code Decoder.TextStream}, {@code Decoder.BinaryStream}, {@code MessageHandler.Partial}), end to
 * end. The hosts run in this JVM, so the server's decoders report what they read through {@link #READS}.
 */
@DisplayName("Stream decoders and partial delivery as messages arrive [WSC-4.1.3, WSC-4.7, WSC-5.2.2]")
class StreamDecoderSpecTest extends SpecHostedTest {

    /** Every chunk a server-side stream decoder read, as "text:chars" or "bytes:count", in order. */
    static final BlockingQueue<String> READS = new LinkedBlockingQueue<>();
    /** What the limited endpoint's @OnError received. */
    static final BlockingQueue<Throwable> ERRORS = new LinkedBlockingQueue<>();

    public record Words(String text) {}

    public record Blob(long length) {}

    /** Reads in small chunks, reporting each; refuses text starting with "bad" as soon as it has read that. */
    public static class WordsDecoder implements Decoder.TextStream<Words> {
        @Override
        public Words decode(Reader reader) throws DecodeException, IOException {
            StringBuilder text = new StringBuilder();
            char[] buf = new char[64 * 1024];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                READS.add("text:" + (n > 1024 ? n + " chars" : new String(buf, 0, n))); // short enough to compare
                text.append(buf, 0, n);
                if (text.length() >= 3 && text.substring(0, 3).equals("bad")) {
                    throw new DecodeException(text.toString(), "bad words");
                }
            }
            return new Words(text.toString());
        }
    }

    public static class BlobDecoder implements Decoder.BinaryStream<Blob> {
        @Override
        public Blob decode(InputStream in) throws IOException {
            long total = 0;
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                READS.add("bytes:" + n);
                total += n;
            }
            return new Blob(total);
        }
    }

    /** Takes only "t:..." text: a Decoder.Text needs the whole message for its willDecode. */
    public static class PrefixDecoder implements Decoder.Text<Words> {
        @Override
        public Words decode(String s) {
            return new Words("text-decoder:" + s.substring(2));
        }

        @Override
        public boolean willDecode(String s) {
            return s.startsWith("t:");
        }
    }

    @ServerEndpoint(value = "/decode", decoders = {WordsDecoder.class, BlobDecoder.class})
    public static class Decoded {
        @OnMessage(maxMessageSize = 8 << 20)
        public String onWords(Words words) {
            return "words=" + (words.text().length() > 64 ? words.text().length() + " chars" : words.text());
        }

        @OnMessage
        public String onBlob(Blob blob) {
            return "blob=" + blob.length();
        }

        @OnError
        public void onError(Session session, Throwable error) throws IOException {
            session.getBasicRemote().sendText("error:" + error.getClass().getSimpleName());
        }
    }

    @ServerEndpoint(value = "/decode/limited", decoders = WordsDecoder.class)
    public static class Limited {
        @OnMessage(maxMessageSize = 1000)
        public String onWords(Words words) {
            return "words=" + words.text().length();
        }

        @OnError
        public void onError(Throwable error) {
            ERRORS.add(error);
        }
    }

    @ServerEndpoint(value = "/decode/text-first", decoders = {PrefixDecoder.class, WordsDecoder.class})
    public static class TextDecoderFirst {
        @OnMessage
        public String onWords(Words words) {
            return words.text();
        }
    }

    @ServerEndpoint(value = "/decode/stream-first", decoders = {WordsDecoder.class, PrefixDecoder.class})
    public static class StreamDecoderFirst {
        @OnMessage
        public String onWords(Words words) {
            return "stream-decoder:" + words.text();
        }
    }

    /** Replies, at the last part, with every part received as "content:last". */
    @ServerEndpoint("/partial/frames")
    public static class PartialFrames {
        private final List<String> parts = new ArrayList<>();

        @OnMessage
        public String onPart(String part, boolean last) {
            parts.add(part + ":" + last);
            if (!last) {
                return null;
            }
            String reply = String.join(",", parts);
            parts.clear();
            return reply;
        }
    }

    /** The programmatic form, for binary: MessageHandler.Partial<byte[]> added at open, replying with part sizes. */
    @ServerEndpoint("/partial/bytes")
    public static class PartialBytes {
        @OnOpen
        public void onOpen(Session session) {
            List<String> parts = new ArrayList<>();
            session.addMessageHandler(byte[].class, (MessageHandler.Partial<byte[]>) (part, last) -> {
                parts.add(part.length + ":" + last);
                if (last) {
                    session.getAsyncRemote().sendText(String.join(",", parts));
                    parts.clear();
                }
            });
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), Decoded.class, Limited.class,
                TextDecoderFirst.class, StreamDecoderFirst.class, PartialFrames.class, PartialBytes.class).build();
    }

    @BeforeEach
    void forgetEarlierReads() {
        READS.clear();
        ERRORS.clear();
    }

    private static String nextRead() throws InterruptedException {
        String read = READS.poll(15, TimeUnit.SECONDS);
        assertNotNull(read, "the server's decoder read nothing within 15 s");
        return read;
    }

    /** Waits until the decoder has read exactly {@code expected}, however the network split it. */
    private static void awaitTextRead(String expected) throws InterruptedException {
        StringBuilder read = new StringBuilder();
        while (read.length() < expected.length()) {
            read.append(nextRead().substring("text:".length()));
        }
        assertEquals(expected, read.toString());
    }

    @OnHosts
    @DisplayName("[WSC-4.1.3-1] a TextStream decoder reads the first fragment before the rest is sent")
    void textStreamDecoderReadsWhileTheMessageArrives(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decode"))) {
            ws.sendPart("first fragment, ", false);
            // Only sent once the decoder has read the first one: a container that assembled the message first
            // would never call the decoder, and this wait would time out.
            awaitTextRead("first fragment, ");
            ws.sendPart("second, ", false).sendPart("last", true);
            assertEquals("words=first fragment, second, last", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("a BinaryStream decoder reads the first fragment before the rest is sent")
    void binaryStreamDecoderReadsWhileTheMessageArrives(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decode"))) {
            ws.sendBinaryPart(new byte[1000], false);
            long read = 0;
            while (read < 1000) {
                read += Long.parseLong(nextRead().substring("bytes:".length()));
            }
            assertEquals(1000, read);
            ws.sendBinaryPart(new byte[234], true);
            assertEquals("blob=1234", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7.1-1] a streamed decode past the default buffer size but within maxMessageSize succeeds")
    void largeMessageWithinMaxMessageSize(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decode"))) {
            String chunk = "w".repeat(512 * 1024);
            for (int i = 0; i < 12; i++) { // 6 MiB: past the 1 MiB default and past the 4 MiB inbound high-water
                ws.sendPart(chunk, i == 11);
            }
            assertEquals("words=" + 12 * chunk.length() + " chars", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7.1-1] a streamed decode past maxMessageSize closes with 1009; the decoder's read fails")
    void streamedDecodeKeepsMaxMessageSize(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decode/limited"))) {
            ws.sendPart("x".repeat(600), false);
            awaitTextRead("x".repeat(600));
            ws.sendPart("y".repeat(600), true);
            assertEquals(1009, ws.awaitClose().code());
            Throwable error = ERRORS.poll(15, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, error, "the decoder's read of the refused message fails");
        }
    }

    @OnHosts
    @DisplayName("[WSC-5.2.2-2] a stream decoder's DecodeException reaches @OnError; the rest is dropped; the session goes on")
    void decodeExceptionReachesOnError(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decode"))) {
            ws.sendPart("bad start", false);
            assertEquals("error:DecodeException", ws.nextText(), "reported before the message has ended");
            ws.sendPart(", and the unread rest", true);
            assertEquals("words=fine", ws.ask("fine"), "the session is still open and decodes the next message");
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.1.3-2] a Text decoder listed first still chooses by willDecode; a TextStream listed first takes all")
    void decoderOrder(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decode/text-first"))) {
            assertEquals("text-decoder:abc", ws.ask("t:abc"));
            assertEquals("plain words", ws.ask("plain words"), "refused by willDecode: the TextStream decoder's");
        }
        try (Ws ws = Ws.connect(host.wsUri("/decode/stream-first"))) {
            assertEquals("stream-decoder:t:abc", ws.ask("t:abc"));
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.7] @OnMessage(String, boolean) gets one part per frame; last only on the final one")
    void partialTextPerFrame(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/partial/frames"))) {
            ws.sendPart("ab", false).sendPart("cd", false).sendPart("ef", true);
            assertEquals("ab:false,cd:false,ef:true", ws.nextText());
            assertEquals("whole:true", ws.ask("whole"));
        }
    }

    @OnHosts
    @DisplayName("MessageHandler.Partial<byte[]> gets one part per frame; last only on the final one")
    void partialBinaryPerFrame(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/partial/bytes"))) {
            ws.sendBinaryPart(new byte[10], false).sendBinaryPart(new byte[20], false)
                    .sendBinaryPart(new byte[5], true);
            assertEquals("10:false,20:false,5:true", ws.nextText());
        }
    }

    @OnHosts
    @DisplayName("RFC 7692: with permessage-deflate, partial text still gets one part per frame, last on the final one")
    void partialTextPerFrameCompressed(Host host) throws Exception {
        try (WharfClientContainer container = new WharfClientContainer()) {
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            Session session = container.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) replies::add);
                }
            }, jakarta.websocket.ClientEndpointConfig.Builder.create()
                    // a config offers only its own extensions [WSC-3.2.2-1]: the container's deflate offer
                    .extensions(new java.util.ArrayList<>(container.getInstalledExtensions())).build(),
                    host.wsUri("/partial/frames"));
            assertEquals(List.of("permessage-deflate"),
                    session.getNegotiatedExtensions().stream().map(Extension::getName).toList());
            String a = "a compressible first fragment, a compressible first fragment";
            String b = "the final fragment, also long enough to be compressed";
            session.getBasicRemote().sendText(a, false);
            session.getBasicRemote().sendText(b, true);
            assertEquals(a + ":false," + b + ":true", replies.poll(15, TimeUnit.SECONDS));
            session.close();
        }
    }
}
