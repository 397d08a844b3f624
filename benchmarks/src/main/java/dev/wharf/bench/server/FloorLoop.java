package dev.wharf.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One selector thread of the {@link FloorServer}: its own listening socket ({@code SO_REUSEPORT}), the connections
 * the kernel gave it, and one read buffer and one write buffer shared by all of them. A read is parsed in place;
 * only a partial head or frame is copied into the connection ({@link FloorConnection#unparsed}), and only bytes
 * the socket did not take ({@link FloorConnection#unwritten}), after which the connection reads nothing until they
 * are written (the peer's backpressure bounds them to one read's replies).
 */
final class FloorLoop implements Runnable, AutoCloseable, FloorFrames.Output {

    private static final int BUFFER = 64 * 1024;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final boolean batched;
    private final int socketBuffer;
    private final FloorHandshake handshake = new FloorHandshake();
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    /** Replies not yet written; grows (once) to the largest frame echoed. */
    private ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private volatile boolean running = true;
    /** The connection whose read is being answered ({@link #room}'s). */
    private SelectionKey current;
    /** The rooms' side of this thread ({@code /room/{name}}). */
    private final FloorBroadcast rooms;

    FloorLoop(int port, boolean batched, int socketBuffer, FloorBroadcast.Hall hall, int index) throws IOException {
        this.batched = batched;
        this.socketBuffer = socketBuffer;
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        rooms = new FloorBroadcast(hall, index, selector);
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select();
                rooms.takeArrivals();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        try {
                            accept();
                        } catch (IOException e) {
                            // out of file descriptors, say: the listener stays, later connections may fit
                            System.err.println("floor: accept failed: " + e);
                        }
                    } else {
                        serve(key);
                    }
                }
                selector.selectedKeys().clear();
                rooms.endPass();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                e.printStackTrace();
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        listener.close();
        selector.close();
    }

    private void accept() throws IOException {
        for (SocketChannel channel; (channel = listener.accept()) != null; ) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (socketBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, socketBuffer);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, socketBuffer);
            }
            channel.register(selector, SelectionKey.OP_READ, new FloorConnection());
        }
    }

    private void serve(SelectionKey key) {
        FloorConnection c = (FloorConnection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isWritable()) {
                drain(key, c, channel);
            } else if (key.isReadable()) {
                read(key, c, channel);
            }
        } catch (IOException e) {
            end(key); // reset by the peer, or the like: nothing left to say to it
        }
    }

    private void read(SelectionKey key, FloorConnection c, SocketChannel channel) throws IOException {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            end(key);
            return;
        }
        in.flip();
        ByteBuffer bytes = in;
        if (c.unparsed != null) {
            c.unparsed = append(c.unparsed, in);
            bytes = c.unparsed;
        }
        if (!c.open) {
            int length = FloorHandshake.headLength(bytes);
            if (length < 0) {
                if (bytes.remaining() > FloorHandshake.MAX_HEAD) {
                    out.put(FloorHandshake.TOO_LARGE);
                    c.closing = true;
                    flush(key, c, channel);
                } else {
                    keep(c, bytes);
                }
                return;
            }
            c.open = handshake.answer(bytes, length, out);
            c.closing = !c.open;
            if (c.open && FloorBroadcast.isRoom(handshake.path())) {
                out.put(FloorBroadcast.JOINED);
                flush(key, c, channel); // the welcome before any broadcast, which may come from another thread
                if (rooms.join(key, c, handshake.path())) {
                    return; // handed over to the room's thread (a client sends no frame before the 101)
                }
            } else if (!batched || c.closing) {
                flush(key, c, channel);
            }
        }
        if (c.member != null) {
            rooms.read(c.member, bytes);
            if (c.closing) {
                bytes.position(bytes.limit());
            }
            keep(c, bytes);
            return;
        }
        current = key;
        while (!c.closing && FloorFrames.frame(c, bytes, this)) {
            if (!batched) {
                flush(key, c, channel);
            }
        }
        if (c.closing) {
            bytes.position(bytes.limit()); // nothing after a close frame or a refusal is read
        }
        keep(c, bytes);
        if (out.position() > 0) {
            flush(key, c, channel);
        }
    }

    /** Keeps what is left of {@code bytes} in the connection, or nothing. */
    private static void keep(FloorConnection c, ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            c.unparsed = null;
        } else if (bytes != c.unparsed) {
            c.unparsed = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        }
    }

    /** {@code kept} (unshared, read mode) followed by {@code more}: in place when it fits, else in a buffer grown at least twofold. */
    static ByteBuffer append(ByteBuffer kept, ByteBuffer more) {
        int need = kept.remaining() + more.remaining();
        if (need <= kept.capacity()) {
            return kept.compact().put(more).flip();
        }
        return ByteBuffer.allocate(Math.max(need, Math.min(2 * kept.capacity(), FloorFrames.MAX_PAYLOAD + 14)))
                .put(kept).put(more).flip();
    }

    /** Makes room for {@code needed} bytes in the write buffer: writes what it holds first, grows it if too small. */
    @Override
    public ByteBuffer room(int needed) throws IOException {
        if (out.remaining() >= needed) {
            return out;
        }
        flush(current, (FloorConnection) current.attachment(), (SocketChannel) current.channel());
        if (out.capacity() < needed) {
            out = ByteBuffer.allocateDirect(needed);
        }
        return out;
    }

    /**
     * Writes the write buffer (one system call), keeping what the socket did not take in the connection; closes TCP
     * once a close frame or refusal is out (RFC 6455 §7.1.1: the server closes first).
     */
    private void flush(SelectionKey key, FloorConnection c, SocketChannel channel) throws IOException {
        out.flip();
        if (c.unwritten == null) {
            channel.write(out);
            if (out.hasRemaining()) {
                c.unwritten = ByteBuffer.allocate(out.remaining()).put(out).flip();
                key.interestOps(SelectionKey.OP_WRITE);
            }
        } else {
            c.unwritten = append(c.unwritten, out);
        }
        out.clear();
        if (c.closing && c.unwritten == null) {
            end(key);
        }
    }

    private void drain(SelectionKey key, FloorConnection c, SocketChannel channel) throws IOException {
        channel.write(c.unwritten);
        if (!c.unwritten.hasRemaining()) {
            c.unwritten = null;
            if (c.closing) {
                end(key);
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    private void end(SelectionKey key) {
        if (key.attachment() instanceof FloorConnection c && c.member != null) {
            rooms.leave(c.member);
        }
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
