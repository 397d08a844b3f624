package dev.wharf.bench.server;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An upgraded connection of {@link FloorHostServlet}: servlet non-blocking I/O, one write per read (the replies to
 * every frame it delivered), and while the host has not taken a write, no reading. Read and write buffers are the
 * calling thread's, so an idle connection holds {@link FloorConnection} and the host's own objects only.
 */
public final class FloorUpgrade implements HttpUpgradeHandler, ReadListener, WriteListener {

    private static final ThreadLocal<byte[]> READ = ThreadLocal.withInitial(() -> new byte[16 * 1024]);
    /**
     * Write a copy of exactly the reply bytes ({@code -Dfloor.exactWrites=true}, set by the Undertow floor):
     * Undertow 2.3.18's upgraded output stream wrote the whole array passed to {@code write(b, off, len)}, not
     * {@code len} bytes of it.
     */
    private static final boolean EXACT_WRITES = Boolean.getBoolean("floor.exactWrites");
    private static final ThreadLocal<Replies> REPLIES = ThreadLocal.withInitial(Replies::new);

    private final FloorConnection state = new FloorConnection();
    private WebConnection connection;
    private ServletInputStream in;
    private ServletOutputStream out;
    /** The host has not taken the last write: read nothing until {@link #onWritePossible}. */
    private boolean writing;

    /** The calling thread's reply buffer, grown to the largest frame echoed. */
    private static final class Replies implements FloorFrames.Output {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

        @Override
        public ByteBuffer room(int needed) {
            if (buffer.remaining() < needed) {
                buffer = ByteBuffer.allocate(buffer.position() + needed).put(buffer.flip());
            }
            return buffer;
        }
    }

    @Override
    public void init(WebConnection webConnection) {
        connection = webConnection;
        state.open = true;
        try {
            in = webConnection.getInputStream();
            out = webConnection.getOutputStream();
            in.setReadListener(this);
            out.setWriteListener(this);
        } catch (IOException e) {
            end();
        }
    }

    @Override
    public synchronized void onDataAvailable() throws IOException {
        byte[] read = READ.get();
        Replies replies = REPLIES.get();
        while (!writing && !state.closing && in.isReady()) {
            int n = in.read(read);
            if (n < 0) {
                end();
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(read, 0, n);
            if (state.unparsed != null) {
                bytes = ByteBuffer.allocate(state.unparsed.remaining() + n).put(state.unparsed).put(bytes).flip();
            }
            replies.buffer.clear();
            while (FloorFrames.frame(state, bytes, replies)) {
                // every complete frame of this read answered into replies
            }
            state.unparsed = bytes.hasRemaining() && !state.closing
                    ? ByteBuffer.allocate(bytes.remaining()).put(bytes).flip() : null;
            ByteBuffer answer = replies.buffer;
            if (answer.position() > 0) {
                if (EXACT_WRITES) {
                    out.write(java.util.Arrays.copyOf(answer.array(), answer.position()));
                } else {
                    out.write(answer.array(), 0, answer.position());
                }
                boolean taken = out.isReady();
                if (taken) {
                    out.flush();
                    taken = out.isReady();
                }
                if (!taken) {
                    // the host may still hold the array (Undertow and Jetty write it later): leave it to the host
                    writing = true;
                    replies.buffer = ByteBuffer.allocate(answer.capacity());
                }
            }
        }
        if (state.closing && !writing) {
            end(); // RFC 6455 §7.1.1: the server closes TCP first
        }
    }

    @Override
    public synchronized void onWritePossible() throws IOException {
        if (!writing) {
            return;
        }
        writing = false;
        onDataAvailable();
    }

    @Override
    public void onAllDataRead() {
        end();
    }

    @Override
    public void onError(Throwable t) {
        end();
    }

    @Override
    public void destroy() {
        // nothing held beyond the connection
    }

    private void end() {
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
