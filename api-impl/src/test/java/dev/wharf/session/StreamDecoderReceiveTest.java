package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Decoder.TextStream and Decoder.BinaryStream decode a message while it arrives, on the dispatcher, reading the same
 * bounded pipe as a Reader/InputStream handler; the decoded value reaches the handler afterwards, in order.
 */
class StreamDecoderReceiveTest {

    public record Word(String text) {
    }

    public record Blob(long length) {
    }

    /** Reports every read; refuses text starting with "bad" after its first read; stops early at '|'. */
    public static final class WordDecoder implements Decoder.TextStream<Word> {
        private BlockingQueue<String> reads;

        @Override
        @SuppressWarnings("unchecked")
        public void init(EndpointConfig config) {
            reads = (BlockingQueue<String>) config.getUserProperties().get("reads");
        }

        @Override
        public Word decode(Reader reader) throws DecodeException, IOException {
            StringBuilder text = new StringBuilder();
            char[] buf = new char[64];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                String chars = new String(buf, 0, n);
                reads.add("read:" + chars);
                if (chars.startsWith("bad")) {
                    throw new DecodeException(chars, "bad word");
                }
                int bar = chars.indexOf('|');
                if (bar >= 0) {
                    return new Word(text.append(chars, 0, bar).toString()); // the rest is not this decoder's
                }
                text.append(chars);
            }
            return new Word(text.toString());
        }
    }

    public static final class BlobDecoder implements Decoder.BinaryStream<Blob> {
        private BlockingQueue<String> reads;

        @Override
        @SuppressWarnings("unchecked")
        public void init(EndpointConfig config) {
            reads = (BlockingQueue<String>) config.getUserProperties().get("reads");
        }

        @Override
        public Blob decode(InputStream in) throws IOException {
            long total = 0;
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                reads.add("read:" + n);
            }
            return new Blob(total);
        }
    }

    private final BlockingQueue<String> reads = new LinkedBlockingQueue<>();
    private MemoryPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    private MemoryPeer open(ContainerDefaults defaults) throws InterruptedException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Endpoint.class, "/x")
                .decoders(List.of(WordDecoder.class, BlobDecoder.class)).build();
        config.getUserProperties().put("reads", reads);
        peer = new MemoryPeer(defaults, StreamDecoderReceiveTest::endpoint, false, config);
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        return peer;
    }

    private static Endpoint endpoint(BlockingQueue<String> events) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(Word.class, (MessageHandler.Whole<Word>) w -> events.add("word:" + w.text()));
                session.addMessageHandler(Blob.class, (MessageHandler.Whole<Blob>) b -> events.add("blob:" + b.length()));
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close:" + reason.getCloseCode().getCode() + ":" + reason.getReasonPhrase());
            }

            @Override
            public void onError(Session session, Throwable error) {
                events.add("error:" + error.getClass().getSimpleName() + ":" + error.getMessage());
            }
        };
    }

    @Test
    @DisplayName("[WSC-4.1.3-1] a TextStream decoder reads the first fragment before the last one has arrived")
    void textDecoderReadsWhileTheMessageArrives() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.clientSends(p.client().encodeText("Hel", false));
        assertEquals("read:Hel", p.next(reads), "decoding starts with the first fragment");
        assertNull(p.endpointEvents.poll(), "the handler waits for the decoder's result");
        p.clientSends(p.client().encodeText("lo", true));
        assertEquals("read:lo", p.next(reads));
        assertEquals("word:Hello", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("a BinaryStream decoder reads the first fragment before the last one has arrived")
    void binaryDecoderReadsWhileTheMessageArrives() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.clientSends(p.client().encodeBinary(ByteBuffer.allocate(100), false));
        assertEquals("read:100", p.next(reads));
        p.clientSends(p.client().encodeBinary(ByteBuffer.allocate(20), true));
        assertEquals("read:20", p.next(reads));
        assertEquals("blob:120", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("[WSC-5.1-2] decoded values reach the handler in message order, one callback at a time")
    void decodedValuesInOrder() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.clientSends(p.client().encodeText("one", true));
        p.clientSends(p.client().encodeBinary(ByteBuffer.allocate(3), true));
        p.clientSends(p.client().encodeText("two", true));
        assertEquals("word:one", p.next(p.endpointEvents));
        assertEquals("blob:3", p.next(p.endpointEvents));
        assertEquals("word:two", p.next(p.endpointEvents));
    }

    @Test
    @DisplayName("[WSC-5.2.2-2] a DecodeException goes to onError; the rest of the message is dropped; the session goes on")
    void decodeExceptionGoesToOnError() throws Exception {
        MemoryPeer p = open(new ContainerDefaults());
        p.clientSends(p.client().encodeText("bad start", false));
        assertEquals("read:bad start", p.next(reads));
        assertEquals("error:DecodeException:bad word", p.next(p.endpointEvents));
        p.clientSends(p.client().encodeText(" and its unread rest", true));
        p.clientSends(p.client().encodeText("fine", true));
        assertEquals("word:fine", p.next(p.endpointEvents), "the dropped rest was neither decoded nor delivered");
        assertEquals("read:fine", p.next(reads));
        assertTrue(p.session.isOpen());
    }

    @Test
    @DisplayName("a decoder that returns before the message ends gets the handler called; the rest is dropped unread")
    void earlyReturnDropsTheRest() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxTextMessageBufferSize(64 * 1024 * 1024); // the size limit holds for the dropped rest too
        MemoryPeer p = open(defaults);
        p.clientSends(p.client().encodeText("head|", false));
        assertEquals("word:head", p.next(p.endpointEvents), "the handler runs before the message has ended");
        String chunk = "x".repeat(256 * 1024);
        for (int i = 0; i < 24; i++) { // 6 MiB, past the inbound high-water mark: none of it may stay counted
            p.clientSends(p.client().encodeText(chunk, i == 23));
        }
        p.clientSends(p.client().encodeText("next", true));
        assertEquals("word:next", p.next(p.endpointEvents));
        assertEquals(List.of("read:head|", "read:next"), List.copyOf(reads));
        assertEquals(0, p.suspends.get(), "dropped parts are never held, so reading never pauses");
    }

    @Test
    @DisplayName("[WSC-4.7.1-1] a streamed decode is bounded by the message buffer size: 1009, the read fails")
    void decodingKeepsTheSizeLimit() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.maxTextMessageBufferSize(10);
        MemoryPeer p = open(defaults);
        p.clientSends(p.client().encodeText("12345678", false));
        assertEquals("read:12345678", p.next(reads));
        p.clientSends(p.client().encodeText("90abc", true));
        String error = p.next(p.endpointEvents);
        assertTrue(error.startsWith("error:IOException:message larger than 10 bytes"), error);
        assertTrue(p.next(p.endpointEvents).startsWith("close:1009:text message larger than 10"));
        assertTrue(p.next(p.received).startsWith("close:1009:"));
    }
}
