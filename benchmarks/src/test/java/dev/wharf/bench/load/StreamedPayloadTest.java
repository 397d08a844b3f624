package dev.wharf.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A connection that streams payloads ({@link ClientConnection#streamPayloads}) hands its sink exactly the bytes of
 * each data message, in order, across fragments, a ping between them and reads split anywhere, and assembles none.
 * The server is a plain socket that writes the frames byte-exact, a few bytes per write.
 */
class StreamedPayloadTest {

    /** A sink that keeps what it was given, message by message. */
    private static final class Collecting implements PayloadSink {
        final List<byte[]> messages = new ArrayList<>();
        final List<Boolean> texts = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final CountDownLatch two = new CountDownLatch(2);
        private ByteArrayOutputStream current;

        @Override
        public void begin(boolean text) {
            texts.add(text);
            current = new ByteArrayOutputStream();
        }

        @Override
        public void take(ByteBuffer in, int index, int n) {
            int position = in.position();
            for (int i = 0; i < n; i++) {
                current.write(in.get(index + i));
            }
            assertEquals(position, in.position());
        }

        @Override
        public void end(ClientConnection connection, int length) {
            messages.add(current.toByteArray());
            lengths.add(length);
            two.countDown();
        }
    }

    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >>> (8 * i)));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Accepts one connection, answers its handshake, then writes {@code frames} {@code chunk} bytes at a time. */
    private static void serve(ServerSocket server, byte[] frames, int chunk) throws Exception {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("end of stream in the request");
                }
                head.write(b);
            }
            Matcher key = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)")
                    .matcher(head.toString(StandardCharsets.US_ASCII));
            assertTrue(key.find());
            // RFC 6455 §4.2.2: the accept value is base64(SHA-1(key + the GUID))
            byte[] keyAndGuid = (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII);
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(keyAndGuid));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int at = 0; at < frames.length; at += chunk) {
                out.write(frames, at, Math.min(chunk, frames.length - at));
                out.flush();
            }
            // The client's frames (its pong, then its close) until the close or the end: closing before would be
            // an unexpected end of stream to the client.
            for (int b0; (b0 = in.read()) >= 0 && (b0 & 0x0F) != Frames.CLOSE; ) {
                int length = in.read() & 0x7F; // control frames only: under 126 bytes
                in.readNBytes(4 + length);
            }
        }
    }

    @Test
    void theSinkGetsEveryPayloadByteOfFragmentedAndWholeMessagesAndNothingIsAssembled() throws Exception {
        Random random = new Random(20);
        byte[] first = new byte[5];
        byte[] middle = new byte[70_000]; // the 8-byte length form
        byte[] last = new byte[300]; // the 2-byte length form
        random.nextBytes(first);
        random.nextBytes(middle);
        random.nextBytes(last);
        byte[] text = "a whole text message".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(frame(false, Frames.BINARY, first));
        wire.writeBytes(frame(true, Frames.PING, new byte[] {1, 2, 3})); // a control frame between fragments
        wire.writeBytes(frame(false, Frames.CONTINUATION, middle));
        wire.writeBytes(frame(true, Frames.CONTINUATION, last));
        wire.writeBytes(frame(true, Frames.TEXT, text));
        byte[] frames = wire.toByteArray();

        for (int chunk : new int[] {1, 7, 4096, frames.length}) {
            Collecting sink = new Collecting();
            List<String> problems = new ArrayList<>();
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                    try {
                        serve(server, frames, chunk);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (LoadLoop loop = new LoadLoop("streamed-test")) {
                    loop.connect((InetSocketAddress) server.getLocalSocketAddress(), null, "/echo",
                            new ConnectionHandler() {
                                @Override
                                public void onOpen(ClientConnection connection) {
                                    connection.streamPayloads(sink);
                                }

                                @Override
                                public void onMessage(ClientConnection connection, boolean t, byte[] data, int n) {
                                    problems.add("assembled a message of " + n + " bytes");
                                }

                                @Override
                                public void onError(ClientConnection connection, String problem) {
                                    problems.add(problem);
                                }
                            });
                    assertTrue(sink.two.await(10, TimeUnit.SECONDS), "chunks of " + chunk + ": " + problems);
                    loop.closeAll();
                }
                served.get(10, TimeUnit.SECONDS);
            }
            ByteArrayOutputStream binary = new ByteArrayOutputStream();
            binary.writeBytes(first);
            binary.writeBytes(middle);
            binary.writeBytes(last);
            assertEquals(List.of(), problems, "chunks of " + chunk);
            assertEquals(List.of(false, true), sink.texts, "chunks of " + chunk);
            assertArrayEquals(binary.toByteArray(), sink.messages.get(0), "chunks of " + chunk);
            assertArrayEquals(text, sink.messages.get(1), "chunks of " + chunk);
            assertEquals(List.of(binary.size(), text.length), sink.lengths, "chunks of " + chunk);
        }
    }
}
