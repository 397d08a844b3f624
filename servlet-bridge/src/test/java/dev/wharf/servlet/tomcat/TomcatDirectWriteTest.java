package dev.wharf.servlet.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.session.WriteCallback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The transport's writes over a real Tomcat NIO socket wrapper on a loopback connection (an endpoint that was never
 * started: nothing here needs its poller). A write the socket takes whole completes before {@code write} returns,
 * straight to the channel once Tomcat is known to hold none of our bytes; once the transport is closed no write goes
 * to the channel, even while the socket itself is still open: its close waits for a dispatch of its own while another
 * thread holds Tomcat's lock on the socket (here that dispatch never runs: the endpoint's executor drops it).
 */
class TomcatDirectWriteTest {

    private ServerSocketChannel server;
    private SocketChannel peer;
    private SocketChannel accepted;
    private NioEndpoint endpoint;
    private NioEndpoint.NioSocketWrapper wrapper;
    private TomcatSocketTransport transport;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        accepted.configureBlocking(false);
        NioChannel channel = new NioChannel(new SocketBufferHandler(8192, 8192, false));
        endpoint = new NioEndpoint();
        wrapper = new NioEndpoint.NioSocketWrapper(channel, endpoint);
        channel.reset(accepted, wrapper);
        transport = new TomcatSocketTransport(wrapper);
    }

    @AfterEach
    void disconnect() throws IOException {
        peer.close();
        accepted.close();
        server.close();
    }

    @Test
    @DisplayName("writes the socket takes whole complete before write returns, and arrive in order")
    void wholeWritesCompleteAtOnceInOrder() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] header = {(byte) 0x81, (byte) (i % 120)};
            byte[] payload = ("message " + i).repeat(1 + i % 7).getBytes();
            expected.writeBytes(header);
            expected.writeBytes(payload);
            Recorded done = new Recorded();
            transport.write(new ByteBuffer[] {ByteBuffer.wrap(header), ByteBuffer.wrap(payload)}, done);
            assertEquals(List.of("completed"), done.events, "write " + i);
        }
        assertArrayEquals(expected.toByteArray(), readFromPeer(expected.size()));
    }

    @Test
    @DisplayName("once closed, a write fails and sends nothing while the socket is still open")
    void noWriteAfterClose() throws IOException, InterruptedException {
        byte[] first = "before the close".getBytes();
        Recorded before = new Recorded();
        transport.write(new ByteBuffer[] {ByteBuffer.wrap(first)}, before);
        Recorded again = new Recorded();
        // Tomcat holds nothing of ours now: this one goes straight to the channel
        transport.write(new ByteBuffer[] {ByteBuffer.wrap(first)}, again);
        assertEquals(List.of("completed"), before.events);
        assertEquals(List.of("completed"), again.events);

        endpoint.setExecutor(dispatch -> { }); // the close's own dispatch: queued behind the lock holder, for ever
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread dispatching = new Thread(() -> {
            wrapper.getLock().lock(); // as a dispatch of Tomcat's does for as long as it runs
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                wrapper.getLock().unlock();
            }
        });
        dispatching.start();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            transport.close();
            assertTrue(accepted.isOpen(), "the close waits for Tomcat's lock");
            Recorded after = new Recorded();
            transport.write(new ByteBuffer[] {ByteBuffer.wrap("after the close".getBytes())}, after);
            assertEquals(List.of("failed"), after.events);
            assertInstanceOf(IOException.class, after.failure);
        } finally {
            release.countDown();
            dispatching.join(10_000);
        }

        accepted.close();
        byte[] all = readFromPeer(-1);
        assertEquals(2 * first.length, all.length, "only the writes before the close arrived");
    }

    /** Reads {@code size} bytes from the peer, or until the end of the stream when negative. */
    private byte[] readFromPeer(int size) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (size < 0 || got.size() < size) {
            buffer.clear();
            int n = peer.read(buffer); // blocking: the peer channel is in blocking mode
            if (n < 0) {
                break;
            }
            got.write(buffer.array(), 0, n);
        }
        return got.toByteArray();
    }

    /** What a write's callback was told, in order. */
    private static final class Recorded implements WriteCallback {
        final List<String> events = new ArrayList<>();
        Throwable failure;

        @Override
        public void completed() {
            events.add("completed");
        }

        @Override
        public void failed(Throwable cause) {
            events.add("failed");
            failure = cause;
        }
    }
}
