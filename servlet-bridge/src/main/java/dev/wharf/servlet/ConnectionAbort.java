package dev.wharf.servlet;

import jakarta.servlet.http.WebConnection;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Ends an upgraded servlet connection at once, dropping what is unwritten, without waiting for the peer, and keeps a
 * failed write from taking a host thread with it (issue #19: peers that stop reading).
 *
 * <p>The servlet API has only {@link WebConnection#close()}. Elsewhere it does not wait, but Undertow 2.3 implements
 * it as a blocking flush first: with a peer that does not read that never returns, and the thread calling it
 * (Wharf's timer, or the Undertow I/O thread that reported the end of input, with every connection it serves) is
 * lost. And Undertow's upgraded output stream, when a write of its unwritten buffer fails (the peer reset the
 * connection, or it was closed under it), reports the error and then retries the same buffer in a loop that never
 * ends, on the I/O thread. So on Undertow the unwritten buffer is dropped when a write fails, and an abort drops it
 * and closes the XNIO connection on its own I/O thread. Undertow's internals are reached by reflection: where they
 * are not (a different version), the servlet API's close is used.
 */
final class ConnectionAbort {

    private static final System.Logger LOG = System.getLogger(ConnectionAbort.class.getName());
    private static final String UNDERTOW_CONNECTION = "io.undertow.servlet.spec.WebConnectionImpl";
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private ConnectionAbort() {
    }

    /** Closes {@code connection} without flushing; failures are logged (the connection is gone either way). */
    static void abort(WebConnection connection) {
        Undertow undertow = Undertow.of(connection);
        if (undertow != null) {
            // On the I/O thread: no write event of this connection runs meanwhile, and none comes after the close.
            undertow.ioThread.execute(() -> {
                undertow.dropUnwritten();
                try {
                    undertow.channel.close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "aborting an Undertow connection failed", e);
                }
            });
            return;
        }
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "aborting an upgraded connection failed", e);
        }
    }

    /**
     * A write failed ({@code WriteListener.onError}, on the host's I/O thread): on Undertow, drops the unwritten
     * buffer so that its output stream stops retrying it.
     */
    static void writeFailed(WebConnection connection) {
        Undertow undertow = Undertow.of(connection);
        if (undertow != null) {
            undertow.dropUnwritten();
        }
    }

    /** Undertow's connection internals, by reflection. */
    private record Undertow(Executor ioThread, Closeable channel, Object output, Field buffer) {

        static Undertow of(WebConnection connection) {
            if (!connection.getClass().getName().equals(UNDERTOW_CONNECTION)) {
                return null;
            }
            try {
                Object output = field(connection, "outputStream");
                Field buffer = output.getClass().getDeclaredField("buffer");
                buffer.setAccessible(true);
                return new Undertow((Executor) field(connection, "ioExecutor"), (Closeable) field(connection, "channel"),
                        output, buffer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Undertow's connection internals are not reachable", e);
                return null;
            }
        }

        /** An empty buffer rather than none: the retry loop reads it again after reporting the error. */
        void dropUnwritten() {
            try {
                buffer.set(output, NOTHING);
            } catch (IllegalAccessException e) {
                LOG.log(Level.DEBUG, "cannot drop Undertow's unwritten output", e);
            }
        }

        private static Object field(Object owner, String name) throws ReflectiveOperationException {
            Field f = owner.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        }
    }
}
