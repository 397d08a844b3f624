package dev.wharf.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The bytes a load connection writes to its non-blocking socket: written at once while nothing waits, otherwise kept,
 * in order, and written as the selector reports the socket writable. Confined to the connection's loop thread.
 */
final class SocketOutput {

    private final SocketChannel channel;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(4);
    private SelectionKey key;

    SocketOutput(SocketChannel channel) {
        this.channel = channel;
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    /** Writes {@code bytes}, or what the socket does not take now once it is writable. */
    void write(ByteBuffer bytes) throws IOException {
        if (pending.isEmpty()) {
            channel.write(bytes);
            if (!bytes.hasRemaining()) {
                return;
            }
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
        pending.add(bytes);
    }

    /** The socket is writable: writes what waits, and stops asking once nothing does. */
    void onWritable() throws IOException {
        while (!pending.isEmpty()) {
            ByteBuffer head = pending.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            pending.poll();
        }
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    /** Whether everything written so far went to the socket (a buffer written earlier may then be reused). */
    boolean idle() {
        return pending.isEmpty();
    }

    /** Drops what waits: the connection ended. */
    void clear() {
        pending.clear();
    }
}
