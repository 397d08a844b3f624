package dev.wharf.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * {@code getSendStream()}: one binary message written as a stream. Bytes are sent as a fragment whenever the buffer
 * fills or {@link #flush()} is called; {@link #close()} sends the last fragment.
 */
final class MessageOutputStream extends OutputStream {

    private static final int FRAGMENT = 8 * 1024;

    private final BasicRemote remote;
    private byte[] buffer;
    private int count;
    private boolean closed;

    MessageOutputStream(BasicRemote remote) {
        this.remote = remote;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == FRAGMENT) {
            sendFragment(false);
        }
        buffer()[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (count == FRAGMENT) {
                sendFragment(false);
            }
            int n = Math.min(len, FRAGMENT - count);
            System.arraycopy(b, off, buffer(), count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (count > 0) {
            sendFragment(false);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            sendFragment(true);
        }
    }

    private void sendFragment(boolean last) throws IOException {
        // The frame is written before sendBinary returns, so the buffer can be reused right after.
        remote.sendBinary(ByteBuffer.wrap(buffer(), 0, count), last, false);
        count = 0;
    }

    private byte[] buffer() {
        if (buffer == null) {
            buffer = new byte[FRAGMENT];
        }
        return buffer;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the message stream is closed");
        }
    }
}
