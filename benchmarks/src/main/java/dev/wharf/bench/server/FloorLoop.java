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
final class FloorLoop implements Runnable, AutoCloseable {

    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int TOO_BIG = 1009;
    /** Largest frame payload accepted: the containers' {@link EchoEndpoint#MAX_MESSAGE}; larger closes with 1009. */
    private static final int MAX_PAYLOAD = EchoEndpoint.MAX_MESSAGE;
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

    FloorLoop(int port, boolean batched, int socketBuffer) throws IOException {
        this.batched = batched;
        this.socketBuffer = socketBuffer;
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve(key);
                    }
                }
                selector.selectedKeys().clear();
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
            if (!batched || c.closing) {
                flush(key, c, channel);
            }
        }
        while (!c.closing && frame(key, c, channel, bytes)) {
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

    private static ByteBuffer append(ByteBuffer kept, ByteBuffer more) {
        int need = kept.remaining() + more.remaining();
        if (need <= kept.capacity()) {
            return kept.compact().put(more).flip();
        }
        return ByteBuffer.allocate(Math.max(need, Math.min(2 * kept.capacity(), MAX_PAYLOAD + 14)))
                .put(kept).put(more).flip();
    }

    /**
     * Parses and answers the frame at {@code bytes}' position (RFC 6455 §5.2): echoes text, binary and continuation
     * frames as they came (unmasked), answers ping with pong and close with close. Returns false when the frame is
     * not complete yet.
     */
    private boolean frame(SelectionKey key, FloorConnection c, SocketChannel channel, ByteBuffer bytes)
            throws IOException {
        int p = bytes.position();
        int available = bytes.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = bytes.get(p) & 0xFF;
        int b1 = bytes.get(p + 1) & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        long length = b1 & 0x7F;
        int header = 2;
        if (length == 126) {
            if (available < 4) {
                return false;
            }
            length = bytes.getShort(p + 2) & 0xFFFF;
            header = 4;
        } else if (length == 127) {
            if (available < 10) {
                return false;
            }
            length = bytes.getLong(p + 2);
            header = 10;
        }
        boolean control = opcode >= OP_CLOSE;
        // §5.2: reserved bits without an extension, and §5.3: client frames must be masked
        if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0 || opcode > OP_PONG || (opcode > OP_BINARY && opcode < OP_CLOSE)
                // §5.5: control frames are at most 125 bytes and not fragmented
                || control && (!fin || length > 125)
                // §5.4: continuation only inside a fragmented message, a new message only outside one
                || !control && (opcode == 0) != c.inFragmentedMessage) {
            return fail(key, c, channel, PROTOCOL_ERROR);
        }
        if (length < 0 || length > MAX_PAYLOAD) {
            return fail(key, c, channel, TOO_BIG);
        }
        header += 4;
        if (available < header + length) {
            return false;
        }
        int payload = p + header;
        int mask = bytes.getInt(payload - 4);
        int size = (int) length;
        switch (opcode) {
            case OP_CLOSE -> {
                if (size == 1) {
                    return fail(key, c, channel, PROTOCOL_ERROR);
                }
                // §5.5.1: answer with the status code received (none if none)
                reply(key, c, channel, 0x80 | OP_CLOSE, bytes, payload, Math.min(size, 2), mask);
                c.closing = true;
            }
            case OP_PING -> reply(key, c, channel, 0x80 | OP_PONG, bytes, payload, size, mask);
            case OP_PONG -> { }
            default -> {
                c.inFragmentedMessage = !fin;
                reply(key, c, channel, b0, bytes, payload, size, mask);
            }
        }
        bytes.position(payload + size);
        return true;
    }

    /** Queues a close frame with {@code code} and stops reading; returns false (no frame to go on with). */
    private boolean fail(SelectionKey key, FloorConnection c, SocketChannel channel, int code) throws IOException {
        room(key, c, channel, 4);
        out.put((byte) (0x80 | OP_CLOSE)).put((byte) 2).putShort((short) code);
        c.closing = true;
        return false;
    }

    /** Queues a server frame (unmasked) carrying the {@code size} masked bytes at {@code from}, unmasked. */
    private void reply(SelectionKey key, FloorConnection c, SocketChannel channel, int b0, ByteBuffer bytes,
            int from, int size, int mask) throws IOException {
        room(key, c, channel, size + 10);
        out.put((byte) b0);
        if (size < 126) {
            out.put((byte) size);
        } else if (size < 65536) {
            out.put((byte) 126).putShort((short) size);
        } else {
            out.put((byte) 127).putLong(size);
        }
        long mask8 = (mask & 0xFFFFFFFFL) << 32 | (mask & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= size; i += 8) {
            out.putLong(bytes.getLong(from + i) ^ mask8);
        }
        for (; i < size; i++) {
            out.put((byte) (bytes.get(from + i) ^ (mask >>> (24 - 8 * (i & 3)))));
        }
    }

    /** Makes room for {@code needed} bytes in the write buffer: writes what it holds first, grows it if too small. */
    private void room(SelectionKey key, FloorConnection c, SocketChannel channel, int needed) throws IOException {
        if (out.remaining() >= needed) {
            return;
        }
        flush(key, c, channel);
        if (out.capacity() < needed) {
            out = ByteBuffer.allocateDirect(needed);
        }
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

    private static void end(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
