package dev.wharf.servlet.tomcat;

import dev.wharf.servlet.PendingWrite;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * A thread's own wait for a Tomcat NIO socket to take bytes again, on a selector of its own (opened on the first
 * wait, closed with this): no {@code OPEN_WRITE} dispatch, so no Tomcat thread and no socket lock involved. Gives up
 * at the deadline, when the waiter no longer waits (its send was given up or failed: it looks every
 * {@link #LOOK_MS}), or when the connection is gone.
 */
final class SocketWritableWait implements PendingWrite.Writable, AutoCloseable {

    /** How often a waiting thread looks whether it still waits: a send given up elsewhere ends its wait this soon. */
    static final long LOOK_MS = 50;

    private final SocketWrapperBase<?> socket;
    private final long deadline;
    private final BooleanSupplier stillWaiting;
    private Selector selector;

    /** @param deadline {@link System#nanoTime()} to give up at; 0 for none */
    SocketWritableWait(SocketWrapperBase<?> socket, long deadline, BooleanSupplier stillWaiting) {
        this.socket = socket;
        this.deadline = deadline;
        this.stillWaiting = stillWaiting;
    }

    @Override
    public boolean await() {
        try {
            while (stillWaiting.getAsBoolean() && !socket.isClosed()) {
                long sliceMs = LOOK_MS;
                if (deadline != 0) {
                    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (leftMs <= 0) {
                        return false;
                    }
                    sliceMs = Math.min(sliceMs, leftMs);
                }
                Selector selector = selector();
                int ready = selector.select(sliceMs);
                // A selected key stays selected until removed, and a later select would not count it again.
                selector.selectedKeys().clear();
                if (ready > 0) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the channel closed under us (the connection ended): the next write reports it
        }
        return false;
    }

    private Selector selector() throws IOException {
        if (selector == null) {
            // The wrapper's current channel: Tomcat recycles a closed connection's channel object for the next one.
            selector = Selector.open();
            ((NioChannel) socket.getSocket()).getIOChannel().register(selector, SelectionKey.OP_WRITE);
        }
        return selector;
    }

    @Override
    public void close() {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                // nothing held any more either way
            }
        }
    }
}
